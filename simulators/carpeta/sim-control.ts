import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseJsonBody } from '../../src/core/safe-json';
import { readBounded, sendJson, sendText } from '../sir/http-util';
import { checkFaults, type CarpetaFaults } from './faults';
import { sendProblem } from './problem';
import { PULL_QUERY, type PullAnswer, type PullQuery } from './pull';
import type { CarpetaStats } from './stats';
import type { ExpedienteView } from './store';

/** Largest `/_sim/faults` body read; a fault set is a few hundred bytes. */
const MAX_CONTROL_BODY_BYTES = 64 * 1024;
/** A document number as it may travel in a header: printable ASCII, SICRES' 17 characters at most. */
const DOCUMENT = /^[\x21-\x7e]{1,17}$/;

/** What the `/_sim/*` routes act on. */
export interface SimControl {
  stats(): CarpetaStats;
  reset(): void;
  faults(): CarpetaFaults;
  /** Replace the faults (already validated); a `down` closes the listener only once `answer` is sent. */
  setFaults(f: CarpetaFaults, answer: ServerResponse): void;
  expediente(id: string): ExpedienteView | undefined;
  citizen(document: string): ExpedienteView[];
  /** Call pasarela's pull API; undefined when no pull URL is set; rejects on a transport failure. */
  pull(document: string, id?: string, query?: PullQuery): Promise<PullAnswer | undefined>;
}

function faultsRoute(req: IncomingMessage, res: ServerResponse, c: SimControl): void {
  if (req.method === 'GET') return sendJson(res, 200, c.faults());
  if (req.method !== 'POST') return sendText(res, 405, 'Use GET or POST');
  readBounded(req, MAX_CONTROL_BODY_BYTES).then((body) => {
    if (body === undefined) return sendProblem(res, 'badFaults', `the body is larger than ${MAX_CONTROL_BODY_BYTES} bytes`, 413);
    let value: unknown;
    try {
      value = parseJsonBody(body);
    } catch {
      return sendProblem(res, 'badFaults', 'the body is not JSON');
    }
    const check = checkFaults(value);
    if (!check.ok) return sendProblem(res, 'badFaults', check.detail);
    c.setFaults(check.faults, res);
    sendJson(res, 200, c.faults());
  }).catch(() => res.destroy());
}

function queryOf(req: IncomingMessage): PullQuery {
  const params = new URL(req.url ?? '/', 'http://localhost').searchParams;
  const query: PullQuery = {};
  for (const key of PULL_QUERY) {
    const value = params.get(key);
    if (value !== null) query[key] = value;
  }
  return query;
}

/** `/_sim/pull/citizens/:document/expedientes[/:id]`: pasarela's answer as `{status, body}`, 502 when it cannot be reached. */
function pullRoute(req: IncomingMessage, res: ServerResponse, document: string, id: string | undefined, c: SimControl): void {
  c.pull(document, id, id === undefined ? queryOf(req) : {}).then((answer) => {
    if (answer === undefined) return sendProblem(res, 'pullNotSet');
    sendJson(res, 200, answer);
  }, (e: unknown) => {
    // The cause's code (ECONNREFUSED…) only: a message could carry the URL.
    const code = (e as { cause?: { code?: unknown } } | null)?.cause?.code;
    sendProblem(res, 'pullFailed', typeof code === 'string' ? code : 'transport error');
  });
}

/** Decoded path segments after `/_sim/`, or undefined when one is not valid percent-encoding. */
function segmentsOf(path: string): string[] | undefined {
  try {
    return path.slice('/_sim/'.length).split('/').map(decodeURIComponent);
  } catch {
    return undefined;
  }
}

/** The read routes over what was pushed and what pasarela answers: `expedientes/:id`, `citizens/:doc/expedientes`, `pull/citizens/:doc/expedientes[/:id]`. */
function readRoute(req: IncomingMessage, res: ServerResponse, s: string[], c: SimControl): void {
  if (req.method !== 'GET') return sendText(res, 405, 'Use GET');
  if (s.length === 2 && s[0] === 'expedientes') {
    const found = c.expediente(s[1]);
    return found === undefined ? sendProblem(res, 'notFound', 'no change was pushed for this expediente') : sendJson(res, 200, found);
  }
  const pull = s[0] === 'pull';
  const [kind, document, list, id, ...rest] = pull ? s.slice(1) : s;
  if (kind !== 'citizens' || list !== 'expedientes' || rest.length > 0 || (!pull && id !== undefined)) return sendText(res, 404, 'Not found');
  if (!DOCUMENT.test(document)) return sendProblem(res, 'notFound', 'not a document number');
  if (pull) return pullRoute(req, res, document, id, c);
  sendJson(res, 200, c.citizen(document));
}

/** Answer one `/_sim/*` request. */
export function handleSim(req: IncomingMessage, res: ServerResponse, path: string, c: SimControl): void {
  if (path === '/_sim/stats') return req.method === 'GET' ? sendJson(res, 200, c.stats()) : sendText(res, 405, 'Use GET');
  if (path === '/_sim/reset') {
    if (req.method !== 'POST') return sendText(res, 405, 'Use POST');
    c.reset();
    return sendJson(res, 200, c.stats());
  }
  if (path === '/_sim/faults') return faultsRoute(req, res, c);
  const segments = segmentsOf(path);
  if (segments === undefined) return sendText(res, 400, 'Bad request target');
  readRoute(req, res, segments, c);
}
