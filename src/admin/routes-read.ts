import type { FastifyInstance } from 'fastify';
import { Errors, PasarelaError } from '../core/errors';
import type { AdminContext } from './context';
import { parseCount, parseFilter } from './filter';
import { detailView } from './views';

const PAGE_DEFAULT = 50;
const PAGE_MAX = 500;
const IN_FLIGHT_ROWS = 200;
const STUCK_DEFAULT_SECONDS = 300;
const STUCK_MAX_SECONDS = 7 * 24 * 3600;

type Query = Record<string, unknown>;

/** Search, one message's whole story, what is failing now, what is in flight. */
export function registerReadRoutes(app: FastifyInstance, ctx: AdminContext): void {
  const ops = ctx.journal.operations;

  app.get<{ Querystring: Query }>('/admin/v1/messages', async (req) => {
    const { limit, cursor, ...fields } = req.query;
    const filter = parseFilter(fields, '/query', true);
    return ops.searchMessages(filter, { limit: parseCount(limit, '/query/limit', PAGE_MAX, PAGE_DEFAULT), cursor: textOrUndefined(cursor, '/query/cursor') });
  });

  app.get<{ Params: { id: string } }>('/admin/v1/messages/:id', async (req) => {
    const detail = await ops.messageDetail(req.params.id);
    if (!detail) throw new PasarelaError(Errors.ADMIN_NOT_FOUND, `The journal holds no message ${req.params.id}`);
    return detailView(detail);
  });

  app.get<{ Params: { id: string } }>('/admin/v1/messages/:id/payload', async (req) => {
    const row = await ctx.journal.getMessage(req.params.id);
    if (!row) throw new PasarelaError(Errors.ADMIN_NOT_FOUND, `The journal holds no message ${req.params.id}`);
    await ops.audit('view-payload', req.operator!, { messageId: row.id });
    return { id: row.id, type: row.type, schemaVersion: row.envelope.schemaVersion, payload: row.envelope.payload };
  });

  app.get('/admin/v1/failures', async () => ops.failures());

  app.get<{ Querystring: Query }>('/admin/v1/in-flight', async (req) => {
    const stuckAfterSeconds = parseCount(req.query.stuckAfter, '/query/stuckAfter', STUCK_MAX_SECONDS, STUCK_DEFAULT_SECONDS);
    const now = Date.now();
    const found = await ops.inFlight(new Date(now - stuckAfterSeconds * 1000).toISOString(), IN_FLIGHT_ROWS);
    const aged = <T extends { since: string }>(rows: T[]) => rows.map((r) => ({ ...r, ageMs: now - Date.parse(r.since) }));
    return { stuckAfterSeconds, delivering: aged(found.delivering), stuck: aged(found.stuck) };
  });

  app.get<{ Querystring: Query }>('/admin/v1/audit', async (req) => {
    const { limit, cursor, action, operator, messageId } = req.query;
    const page = await ops.listAudit(
      { action: textOrUndefined(action, '/query/action'), operator: textOrUndefined(operator, '/query/operator'), messageId: textOrUndefined(messageId, '/query/messageId') },
      { limit: parseCount(limit, '/query/limit', PAGE_MAX, PAGE_DEFAULT), cursor: textOrUndefined(cursor, '/query/cursor') },
    );
    // An edit's diff carries the citizen's data: only admins see its values.
    if (req.operator!.role === 'admin') return page;
    return { ...page, items: page.items.map((a) => ({ ...a, diff: a.diff && a.diff.map(redactValue) })) };
  });
}

function redactValue(op: unknown): unknown {
  if (typeof op !== 'object' || op === null) return op;
  const { value, ...rest } = op as Record<string, unknown>;
  return value === undefined ? rest : { ...rest, value: '[redacted]' };
}

export function textOrUndefined(value: unknown, pointer: string): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > 200) {
    throw new PasarelaError(Errors.ADMIN_BAD_REQUEST, `${pointer} must be a text of 1 to 200 characters`, {
      problems: [{ pointer, code: 'INVALID_VALUE', message: 'must be a text of 1 to 200 characters' }],
    });
  }
  return value;
}
