import type { FastifyInstance } from 'fastify';
import { Errors, PasarelaError, type FieldProblem } from '../core/errors';
import type { NotificaAccess } from '../notifica/access';
import { cancelNotification, extendNotification, type EnvioResult } from '../notifica/actions';
import type { NotificaTracker } from '../notifica/tracker';
import type { IntakeContext } from './accept-steps';
import { acceptNotification } from './accept-notification';
import { parseIdempotencyKey } from './idempotency';
import { keyMaySeeMessage } from './auth';

/** What the cancel and extend endpoints need; absent where Notific@ is not configured. */
export interface NotificaIntake {
  access: NotificaAccess;
  tracker: NotificaTracker;
}

const MAX_REASON = 255;
const MAX_EXTENSION_DAYS = 365;

/**
 * `POST /v1/notifications` (the canonical payload as JSON), `POST /v1/notifications/{id}/cancel`
 * ({reason}) and `/extend` ({days, reason}), and the certificate of an envío. State changes
 * are read at `GET /v1/messages/{id}` (its `notification` block) and through the webhook.
 */
export function registerNotifications(v1: FastifyInstance, ctx: IntakeContext, notifica: NotificaIntake | undefined): void {
  v1.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    scope.post('/v1/notifications', async (req, reply) => {
      if (ctx.stopping?.()) throw new PasarelaError(Errors.INTAKE_UNAVAILABLE, 'pasarela is shutting down; nothing was accepted, try again');
      const contentType = req.headers['content-type'];
      const accepted = await acceptNotification(ctx, {
        body: Buffer.isBuffer(req.body) ? req.body : undefined, contentType: typeof contentType === 'string' ? contentType : undefined,
        key: req.apiKey!, idempotencyKey: parseIdempotencyKey(req.headers['idempotency-key']),
      });
      reply.code(202).header('location', `/v1/messages/${accepted.id}`);
      if (accepted.replayed) reply.header('idempotent-replayed', 'true');
      return reply.send({ id: accepted.id, status: accepted.status });
    });
  });

  v1.post<{ Params: { id: string } }>('/v1/notifications/:id/cancel', async (req) => {
    const body = objectBody(req.body);
    const reason = reasonOf(body, []);
    const results = await cancelNotification(deps(notifica, ctx), req.apiKey!, req.params.id, reason);
    return answer(req.params.id, results);
  });

  v1.post<{ Params: { id: string } }>('/v1/notifications/:id/extend', async (req) => {
    const body = objectBody(req.body);
    const problems: FieldProblem[] = [];
    const days = body.days;
    if (!Number.isInteger(days) || (days as number) < 1 || (days as number) > MAX_EXTENSION_DAYS) {
      problems.push({ pointer: '/days', code: 'EXTENSION_DAYS', message: `must be a whole number of days from 1 to ${MAX_EXTENSION_DAYS}` });
    }
    const reason = reasonOf(body, problems);
    const results = await extendNotification(deps(notifica, ctx), req.apiKey!, req.params.id, days as number, reason);
    return answer(req.params.id, results);
  });

  v1.get<{ Params: { id: string; identificador: string } }>('/v1/notifications/:id/envios/:identificador/certificate', async (req, reply) => {
    const envio = await ctx.journal.notifica.envio(req.params.identificador);
    const row = envio && envio.messageId === req.params.id ? await ctx.journal.getMessage(envio.messageId) : undefined;
    // Another tenant's envío (or one of a unit the key is not bound to) is answered exactly like a missing one.
    if (!envio || !row || !keyMaySeeMessage(req.apiKey!, row)) throw new PasarelaError(Errors.INTAKE_NOT_FOUND, 'No such envío');
    const blob = envio.certificate && (await ctx.journal.notifica.getBlob(envio.certificate.sha256));
    if (!blob) throw new PasarelaError(Errors.INTAKE_NOT_FOUND, 'Notific@ has not certified this envío yet');
    reply.header('content-disposition', `attachment; filename="acuse-${envio.identificador}.pdf"`).header('x-content-sha256', blob.sha256);
    return reply.type(blob.mediaType).send(blob.content);
  });
}

function deps(notifica: NotificaIntake | undefined, ctx: IntakeContext) {
  if (!notifica) throw new PasarelaError(Errors.NOTIFICA_NOT_CONFIGURED, 'Notific@ is not configured on this pasarela');
  return { journal: ctx.journal, ...notifica };
}

function objectBody(body: unknown): Record<string, unknown> {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) {
    throw new PasarelaError(Errors.INTAKE_VALIDATION_FAILED, 'The body must be a JSON object', { problems: [{ pointer: '', code: 'BODY_OBJECT', message: 'must be a JSON object' }] });
  }
  const o = body as Record<string, unknown>;
  const unknown = Object.keys(o).filter((k) => k !== 'reason' && k !== 'days');
  if (unknown.length) {
    throw new PasarelaError(Errors.INTAKE_VALIDATION_FAILED, 'The body has unknown fields', {
      problems: unknown.slice(0, 10).map((k) => ({ pointer: `/${k.slice(0, 40)}`, code: 'UNKNOWN_FIELD', message: 'is not a field of this request' })),
    });
  }
  return o;
}

/** The reason Notific@ is given (motivo): required, one line, at most 255 characters. */
function reasonOf(body: Record<string, unknown>, problems: FieldProblem[]): string {
  const r = body.reason;
  if (typeof r !== 'string' || r.trim() === '' || r.length > MAX_REASON || /[\u0000-\u001f\u007f]/.test(r)) {
    problems.push({ pointer: '/reason', code: 'REASON', message: `must be a one-line text of 1 to ${MAX_REASON} characters` });
  }
  if (problems.length) throw new PasarelaError(Errors.INTAKE_VALIDATION_FAILED, `The request has ${problems.length} problem(s)`, { problems });
  return r as string;
}

/**
 * 200 with the per-envío results when Notific@ took the request for at least one envío. When it
 * took it for none, the failure itself: the same coded error for every envío (a time-out stays a
 * retryable CONNECTOR_TIMEOUT, a refused key NOTIFICA_AUTH_REFUSED), else NOTIFICA_REJECTED.
 */
function answer(id: string, results: EnvioResult[]) {
  const shown = results.map(({ error, ...r }) => ({ ...r, ...(error && { error: { code: error.code, detail: error.detail } }) }));
  if (results.some((r) => r.ok)) return { id, envios: shown };
  const codes = new Set(results.map((r) => r.error?.code));
  const first = results[0]?.error;
  if (codes.size === 1 && first?.cause) throw first.cause;
  throw new PasarelaError(Errors.NOTIFICA_REJECTED, `Notific@ did not take the request for any envío${first ? `: ${first.detail}` : ''}`, { details: { results: shown } });
}
