import type { IncomingMessage, ServerResponse } from 'node:http';
import { checkFaults, type Faults } from './faults';
import { readBounded, sendJson, sendText } from './http-util';
import type { ExchangeLedger } from './stats';

/** Largest `/_sim/faults` body read; a fault set is a few hundred bytes. */
const MAX_FAULTS_BODY_BYTES = 64 * 1024;

/** What the `/_sim/*` routes act on. */
export interface SimControl {
  ledger: ExchangeLedger;
  faults(): Faults;
  /**
   * Replace the faults (already validated). When they take the simulator down, the listener
   * closes only once `answer` is sent, so the caller gets its 200 before the refusals start.
   */
  setFaults(f: Faults, answer: ServerResponse): void;
}

function problem(res: ServerResponse, status: number, detail: string): void {
  sendJson(res, status, { code: 'SIM_BAD_FAULTS', status, title: 'The faults are not valid', detail }, 'application/problem+json');
}

function parseJson(body: Buffer): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(body.toString('utf8')) };
  } catch {
    return undefined;
  }
}

async function postFaults(req: IncomingMessage, res: ServerResponse, control: SimControl): Promise<void> {
  const body = await readBounded(req, MAX_FAULTS_BODY_BYTES);
  if (body === undefined) return problem(res, 413, `the body is larger than ${MAX_FAULTS_BODY_BYTES} bytes`);
  const parsed = parseJson(body);
  if (parsed === undefined) return problem(res, 400, 'the body is not JSON');
  const check = checkFaults(parsed.value);
  if (!check.ok) return problem(res, 400, check.detail);
  control.setFaults(check.faults, res);
  sendJson(res, 200, control.faults());
}

function faultsRoute(req: IncomingMessage, res: ServerResponse, control: SimControl): void {
  if (req.method === 'GET') return sendJson(res, 200, control.faults());
  if (req.method !== 'POST') return sendText(res, 405, 'Use GET or POST');
  postFaults(req, res, control).catch(() => {
    if (!res.headersSent) sendText(res, 400, 'The request could not be read');
    else res.destroy();
  });
}

/** Answer one `/_sim/*` request: stats, reset, exchanges and the fault knobs. */
export function handleSim(req: IncomingMessage, res: ServerResponse, path: string, control: SimControl): void {
  const { ledger } = control;
  if (path === '/_sim/stats') {
    if (req.method !== 'GET') return sendText(res, 405, 'Use GET');
    return sendJson(res, 200, ledger.stats());
  }
  if (path === '/_sim/exchanges') {
    if (req.method !== 'GET') return sendText(res, 405, 'Use GET');
    return sendJson(res, 200, ledger.exchanges());
  }
  if (path === '/_sim/reset') {
    if (req.method !== 'POST') return sendText(res, 405, 'Use POST');
    ledger.reset();
    return sendJson(res, 200, ledger.stats());
  }
  if (path === '/_sim/faults') return faultsRoute(req, res, control);
  sendText(res, 404, 'Not found');
}
