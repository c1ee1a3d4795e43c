import type { FastifyInstance } from 'fastify';
import { Errors, PasarelaError } from '../core/errors';
import { publishReplay, type AdminContext } from './context';
import { checkEdit } from './edit';
import { bad } from './filter';

const REASON_MAX = 500;

/** Actions on one parked message: replay it, replay a corrected copy, or discard it. */
export function registerActionRoutes(app: FastifyInstance, ctx: AdminContext): void {
  const ops = ctx.journal.operations;

  app.post<{ Params: { id: string }; Body: unknown }>('/admin/v1/messages/:id/replay', async (req, reply) => {
    const { reason } = bodyOf(req.body, ['reason']);
    const made = await ops.replay({ messageId: req.params.id, actor: req.operator!, reason: reasonOf(reason, false), routes: routeNames(ctx) });
    const status = await publishReplay(ctx, made);
    ctx.logger.info({ messageId: made.originalId, replayId: made.replayId, operator: req.operator!.name }, 'message replayed by an operator');
    return reply.code(202).header('location', `/admin/v1/messages/${made.replayId}`).send({ id: made.originalId, replayId: made.replayId, status });
  });

  app.post<{ Params: { id: string }; Body: unknown }>('/admin/v1/messages/:id/edit-and-replay', async (req, reply) => {
    const { payload, reason } = bodyOf(req.body, ['payload', 'reason']);
    const why = reasonOf(reason, true)!;
    const row = await ctx.journal.getMessage(req.params.id);
    if (!row) throw new PasarelaError(Errors.ADMIN_NOT_FOUND, `The journal holds no message ${req.params.id}`);
    if (row.status !== 'parked') throw new PasarelaError(Errors.ADMIN_NOT_REPLAYABLE, `Message ${row.id} is ${row.status}, not parked`);
    if (payload === undefined) throw bad([{ pointer: '/payload', code: 'REQUIRED', message: 'the corrected payload is required' }]);
    const diff = checkEdit(ctx, row, payload);
    const made = await ops.replay({ messageId: row.id, actor: req.operator!, reason: why, edit: { payload, diff, registryNumber: registryNumberOf(row.type, payload) }, routes: routeNames(ctx) });
    const status = await publishReplay(ctx, made);
    ctx.logger.info({ messageId: made.originalId, replayId: made.replayId, operator: req.operator!.name, changes: diff.length }, 'message edited and replayed');
    return reply.code(202).header('location', `/admin/v1/messages/${made.replayId}`).send({ id: made.originalId, replayId: made.replayId, status, diff });
  });

  app.post<{ Params: { id: string }; Body: unknown }>('/admin/v1/messages/:id/discard', async (req) => {
    const { reason } = bodyOf(req.body, ['reason']);
    await ops.discard(req.params.id, req.operator!, reasonOf(reason, true)!);
    ctx.logger.info({ messageId: req.params.id, operator: req.operator!.name }, 'message discarded by an operator');
    return { id: req.params.id, status: 'discarded' };
  });
}

function routeNames(ctx: AdminContext): string[] {
  return ctx.routes.map((r) => r.name);
}

/** The business key a corrected payload carries, as intake records it (registry entries: the origin registry number). */
function registryNumberOf(type: string, payload: unknown): string | null | undefined {
  if (type !== 'registry-entry') return undefined;
  return (payload as { origin?: { registryNumber?: string } }).origin?.registryNumber ?? null;
}

/** The JSON body's fields; an absent body is `{}`; a field not in `allowed` is refused. */
export function bodyOf(body: unknown, allowed: readonly string[]): Record<string, unknown> {
  if (body === undefined || body === null) return {};
  if (typeof body !== 'object' || Array.isArray(body)) throw bad([{ pointer: '', code: 'NOT_AN_OBJECT', message: 'the body must be a JSON object' }]);
  const unknown = Object.keys(body).filter((k) => !allowed.includes(k));
  if (unknown.length) throw bad(unknown.map((k) => ({ pointer: `/${k}`, code: 'UNKNOWN_FIELD', message: `not a field of this request (${allowed.join(', ')})` })));
  return body as Record<string, unknown>;
}

export function reasonOf(value: unknown, required: boolean): string | null {
  if (value === undefined || value === null) {
    if (required) throw bad([{ pointer: '/reason', code: 'REQUIRED', message: 'say why: the reason is kept in the audit' }]);
    return null;
  }
  // Line breaks and tabs are fine in a reason; other control characters (NUL above all) are not.
  if (typeof value !== 'string' || value.trim().length === 0 || value.length > REASON_MAX || /[\u0000-\u0008\u000b-\u001f\u007f]/.test(value)) {
    throw bad([{ pointer: '/reason', code: 'INVALID_VALUE', message: `must be a text of 1 to ${REASON_MAX} characters without control characters` }]);
  }
  return value.trim();
}
