import type { FastifyInstance } from 'fastify';
import { Errors, PasarelaError } from '../core/errors';
import type { AdminContext } from './context';
import { AUDIT_ACTIONS } from '../journal/operations';
import { bad, optionalText, parseCount, parseFilter, strictQuery } from './filter';
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
    // Strict: a parameter that is not a filter field is refused with the bad values, all at once.
    const filter = parseFilter(fields, '/query', true);
    return ops.searchMessages(filter, { limit: parseCount(limit, '/query/limit', PAGE_MAX, PAGE_DEFAULT), cursor: optionalText(cursor, '/query/cursor') });
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

  app.get<{ Querystring: Query }>('/admin/v1/failures', async (req) => {
    strictQuery(req.query, []);
    return ops.failures();
  });

  app.get<{ Querystring: Query }>('/admin/v1/in-flight', async (req) => {
    strictQuery(req.query, ['stuckAfter']);
    const stuckAfterSeconds = parseCount(req.query.stuckAfter, '/query/stuckAfter', STUCK_MAX_SECONDS, STUCK_DEFAULT_SECONDS);
    const now = Date.now();
    const found = await ops.inFlight(new Date(now - stuckAfterSeconds * 1000).toISOString(), IN_FLIGHT_ROWS);
    const aged = <T extends { since: string }>(rows: T[]) => rows.map((r) => ({ ...r, ageMs: now - Date.parse(r.since) }));
    return { stuckAfterSeconds, delivering: aged(found.delivering), stuck: aged(found.stuck) };
  });

  app.get<{ Querystring: Query }>('/admin/v1/audit', async (req) => {
    const { limit, cursor, action, operator, messageId } = strictQuery(req.query, ['limit', 'cursor', 'action', 'operator', 'messageId']);
    if (action !== undefined && !AUDIT_ACTIONS.includes(action as never)) {
      throw bad([{ pointer: '/query/action', code: 'INVALID_VALUE', message: `must be one of ${AUDIT_ACTIONS.join(', ')}` }]);
    }
    const page = await ops.listAudit(
      { action: action as string | undefined, operator: optionalText(operator, '/query/operator'), messageId: optionalText(messageId, '/query/messageId') },
      { limit: parseCount(limit, '/query/limit', PAGE_MAX, PAGE_DEFAULT), cursor: optionalText(cursor, '/query/cursor') },
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
