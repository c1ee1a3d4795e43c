import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseJsonBody } from '../../src/core/safe-json';
import { readBounded, sendJson, sendText } from '../sir/http-util';
import type { CallbackRecord } from './callback-delivery';
import { viewOf, type EnvioStore } from './envios';
import { checkFaults, type NotificaFaults } from './faults';
import { checkScenarioRules, type ScenarioRule } from './scenarios';
import type { NotificaStats } from './stats';

/** Largest `/_sim/faults` or `/_sim/scenario` body read; either is a few hundred bytes. */
const MAX_CONTROL_BODY_BYTES = 64 * 1024;

/** What the `/_sim/*` routes act on. */
export interface SimControl {
  store: EnvioStore;
  stats(): NotificaStats;
  callbacks(): CallbackRecord[];
  reset(): void;
  faults(): NotificaFaults;
  /** Replace the faults (already validated); a `down` closes the listener only once `answer` is sent. */
  setFaults(f: NotificaFaults, answer: ServerResponse): void;
  rules(): readonly ScenarioRule[];
  setRules(rules: ScenarioRule[]): void;
}

type Problem = { code: string; title: string };
const BAD_FAULTS: Problem = { code: 'SIM_BAD_FAULTS', title: 'The faults are not valid' };
const BAD_SCENARIO: Problem = { code: 'SIM_BAD_SCENARIO', title: 'The scenario rules are not valid' };

function problem(res: ServerResponse, p: Problem, status: number, detail: string): void {
  sendJson(res, status, { code: p.code, status, title: p.title, detail }, 'application/problem+json');
}

/** Read a bounded JSON body and hand it to `take`; 413/400 problems otherwise. */
function withJson(req: IncomingMessage, res: ServerResponse, p: Problem, take: (value: unknown) => void): void {
  readBounded(req, MAX_CONTROL_BODY_BYTES).then((body) => {
    if (body === undefined) return problem(res, p, 413, `the body is larger than ${MAX_CONTROL_BODY_BYTES} bytes`);
    let value: unknown;
    try {
      value = parseJsonBody(body);
    } catch {
      return problem(res, p, 400, 'the body is not JSON');
    }
    take(value);
  }).catch(() => {
    if (!res.headersSent) sendText(res, 400, 'The request could not be read');
    else res.destroy();
  });
}

function faultsRoute(req: IncomingMessage, res: ServerResponse, c: SimControl): void {
  if (req.method === 'GET') return sendJson(res, 200, c.faults());
  if (req.method !== 'POST') return sendText(res, 405, 'Use GET or POST');
  withJson(req, res, BAD_FAULTS, (value) => {
    const check = checkFaults(value);
    if (!check.ok) return problem(res, BAD_FAULTS, 400, check.detail);
    c.setFaults(check.faults, res);
    sendJson(res, 200, c.faults());
  });
}

function scenarioRoute(req: IncomingMessage, res: ServerResponse, c: SimControl): void {
  if (req.method === 'GET') return sendJson(res, 200, { rules: c.rules() });
  if (req.method !== 'POST') return sendText(res, 405, 'Use GET or POST');
  withJson(req, res, BAD_SCENARIO, (value) => {
    const o = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
    if (o === undefined || Object.keys(o).some((k) => k !== 'rules')) return problem(res, BAD_SCENARIO, 400, 'the body must be {"rules": [...]}');
    const check = checkScenarioRules(o.rules);
    if (!check.ok) return problem(res, BAD_SCENARIO, 400, check.detail);
    c.setRules(check.rules);
    sendJson(res, 200, { rules: c.rules() });
  });
}

function enviosRoute(req: IncomingMessage, res: ServerResponse, path: string, c: SimControl): void {
  if (req.method !== 'GET') return sendText(res, 405, 'Use GET');
  if (path === '/_sim/envios') {
    const referencia = new URL(req.url ?? '/', 'http://localhost').searchParams.get('referencia') ?? undefined;
    return sendJson(res, 200, c.store.list(referencia).map(viewOf));
  }
  const found = c.store.get(path.slice('/_sim/envios/'.length));
  if (found === undefined) return sendJson(res, 404, { code: 'SIM_NOT_FOUND', status: 404, title: 'No such envío' }, 'application/problem+json');
  sendJson(res, 200, viewOf(found));
}

/** Answer one `/_sim/*` request. */
export function handleSim(req: IncomingMessage, res: ServerResponse, path: string, c: SimControl): void {
  const getOnly = (value: () => unknown): void => (req.method === 'GET' ? sendJson(res, 200, value()) : sendText(res, 405, 'Use GET'));
  if (path === '/_sim/stats') return getOnly(c.stats);
  if (path === '/_sim/callbacks') return getOnly(c.callbacks);
  if (path === '/_sim/reset') {
    if (req.method !== 'POST') return sendText(res, 405, 'Use POST');
    c.reset();
    return sendJson(res, 200, c.stats());
  }
  if (path === '/_sim/faults') return faultsRoute(req, res, c);
  if (path === '/_sim/scenario') return scenarioRoute(req, res, c);
  if (path === '/_sim/envios' || path.startsWith('/_sim/envios/')) return enviosRoute(req, res, path, c);
  sendText(res, 404, 'Not found');
}
