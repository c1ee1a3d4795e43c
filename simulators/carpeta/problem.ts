import type { ServerResponse } from 'node:http';
import { sendJson } from '../sir/http-util';

/**
 * The simulator's error answers: RFC 9457 problem JSON `{code, status, title, detail?}`, the shape
 * pasarela's own API and the other simulators' `/_sim` routes answer with. The codes are
 * simulator conventions (simulators/README.md, Carpeta), not Carpeta's: it has no public spec.
 */
export const PROBLEMS = {
  badSignature: { code: 'CARPETA_BAD_SIGNATURE', status: 401, title: 'The request is not signed with the shared secret, or its timestamp is not current' },
  invalid: { code: 'CARPETA_INVALID_CHANGE', status: 400, title: 'The body is not a valid expediente change' },
  tooLarge: { code: 'CARPETA_BODY_TOO_LARGE', status: 413, title: 'The body is too large' },
  mediaType: { code: 'CARPETA_UNSUPPORTED_MEDIA_TYPE', status: 415, title: 'The body must be uncompressed application/json' },
  unavailable: { code: 'CARPETA_UNAVAILABLE', status: 503, title: 'Simulated server error; try again' },
  refused: { code: 'CARPETA_REFUSED', status: 422, title: 'Change refused (simulated failure, not a validation error)' },
  notFound: { code: 'SIM_NOT_FOUND', status: 404, title: 'Not found' },
  badFaults: { code: 'SIM_BAD_FAULTS', status: 400, title: 'The faults are not valid' },
  pullNotSet: { code: 'SIM_PULL_NOT_SET', status: 409, title: 'No pull URL is set (pullUrl option, setPull, PASARELA_SIM_CARPETA_PULL_URL)' },
  pullFailed: { code: 'SIM_PULL_FAILED', status: 502, title: "pasarela's pull API could not be reached" },
  internal: { code: 'SIM_INTERNAL', status: 500, title: 'The simulator failed on this request' },
} as const;

export type ProblemKind = keyof typeof PROBLEMS;

/** Answer a problem; `status` overrides the kind's own (a 413 from a control route). */
export function sendProblem(res: ServerResponse, kind: ProblemKind, detail?: string, status?: number): void {
  const p = PROBLEMS[kind];
  const code = status ?? p.status;
  sendJson(res, code, { code: p.code, status: code, title: p.title, ...(detail === undefined ? {} : { detail }) }, 'application/problem+json');
}
