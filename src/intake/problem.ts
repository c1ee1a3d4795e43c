import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { Errors, type ErrorDef, isPasarelaError, PasarelaError } from '../core/errors';

/** RFC 9457 problem details, plus pasarela's stable `code` and per-field `errors`. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  errors?: { pointer: string; code: string; detail: string }[];
  /** Batches: the answer per item (`line` or `index`, then `id`/`status` or `errors`). */
  items?: unknown[];
}

export function problemOf(e: PasarelaError, instance?: string): Problem {
  const p: Problem = {
    type: 'urn:pasarela:problem:' + e.code.toLowerCase().replace(/_/g, '-'),
    title: e.title,
    status: e.status,
    code: e.code,
    detail: e.message,
    instance,
  };
  if (e.problems.length) p.errors = e.problems.map((x) => ({ pointer: x.pointer, code: x.code, detail: x.message }));
  if (Array.isArray(e.details.items)) p.items = e.details.items;
  return p;
}

export function sendProblem(reply: FastifyReply, e: PasarelaError, instance?: string): FastifyReply {
  const after = e.details.retryAfterSeconds;
  if (typeof after === 'number') reply.header('retry-after', String(Math.max(1, Math.ceil(after))));
  else if (e.retryable && (e.status === 503 || e.status === 409 || e.status === 429)) reply.header('retry-after', '5');
  return reply.code(e.status).type('application/problem+json').send(problemOf(e, instance));
}

/** Fastify's own errors (body parsing, limits) mapped onto the catalog. */
const FASTIFY_CODES: Record<string, ErrorDef> = {
  FST_ERR_CTP_INVALID_JSON_BODY: Errors.INTAKE_INVALID_JSON,
  FST_ERR_CTP_EMPTY_JSON_BODY: Errors.INTAKE_INVALID_JSON,
  FST_ERR_CTP_BODY_TOO_LARGE: Errors.INTAKE_BODY_TOO_LARGE,
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: Errors.INTAKE_BODY_TOO_LARGE,
  FST_ERR_CTP_INVALID_MEDIA_TYPE: Errors.INTAKE_UNSUPPORTED_MEDIA_TYPE,
};

export function toPasarelaError(err: FastifyError | Error): PasarelaError {
  if (isPasarelaError(err)) return err;
  const code = (err as FastifyError).code;
  const mapped = code ? FASTIFY_CODES[code] : undefined;
  if (mapped) return new PasarelaError(mapped, mapped.title, { cause: err });
  // secure-json-parse refuses __proto__ / constructor.prototype keys with a plain 400 SyntaxError.
  if ((err as FastifyError).statusCode === 400) return new PasarelaError(Errors.INTAKE_INVALID_JSON, 'The body is not acceptable JSON', { cause: err });
  if ((err as FastifyError).statusCode === 413) return new PasarelaError(Errors.INTAKE_BODY_TOO_LARGE, undefined, { cause: err });
  return new PasarelaError(Errors.INTAKE_UNAVAILABLE, 'Unexpected error; nothing was accepted', { cause: err });
}

export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply): FastifyReply {
  const e = toPasarelaError(err);
  if (e.status >= 500) req.log.error({ err: e, code: e.code }, 'request failed');
  else req.log.info({ code: e.code }, 'request refused');
  return sendProblem(reply, e, req.url);
}

/**
 * Fastify's own routing refusals (a URL it cannot decode, a path parameter over its length limit)
 * as problem+json like every other answer: the URL names no endpoint. Never echoes the URL.
 */
export function frameworkErrors(_err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  void sendProblem(reply, new PasarelaError(Errors.INTAKE_NOT_FOUND, 'No endpoint has this URL (it cannot be read, or a part of it is too long)'));
}
