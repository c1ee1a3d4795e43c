import type { FastifyInstance } from 'fastify';
import { Errors, PasarelaError } from '../core/errors';
import { REPLAY_ITEM_STATES, type MessageFilter, type ReplayItemState, type ReplayJob } from '../journal/operations';
import { MAX_JOB_ITEMS } from '../journal/ops/jobs';
import type { AdminContext } from './context';
import { bad, parseCount, parseFilter, strictQuery } from './filter';
import { bodyOf, reasonOf } from './routes-actions';

const SAMPLE_SIZE = 10;
const MAX_RATE = 10_000;
const LIST_LIMIT = 100;
const ITEMS_DEFAULT = 100;
const ITEMS_MAX = 1000;

/** Bulk replays: dry run, start (a job the runner works through in the background), progress, cancel. */
export function registerReplayRoutes(app: FastifyInstance, ctx: AdminContext): void {
  const ops = ctx.journal.operations;

  app.post<{ Body: unknown }>('/admin/v1/replays', async (req, reply) => {
    const body = bodyOf(req.body, ['filter', 'dryRun', 'limit', 'ratePerSecond', 'reason']);
    // Required, so a job never takes every parked message by omission: `{}` says so on purpose.
    if (body.filter === undefined) throw bad([{ pointer: '/filter', code: 'REQUIRED', message: 'say which messages; {} takes every parked message' }]);
    const filter = parkedOnly(parseFilter(body.filter, '/filter', true));
    const limit = parseCount(body.limit, '/limit', MAX_JOB_ITEMS, null);
    const ratePerSecond = rateOf(body.ratePerSecond);
    if (body.dryRun !== undefined && typeof body.dryRun !== 'boolean') throw bad([{ pointer: '/dryRun', code: 'INVALID_VALUE', message: 'must be true or false' }]);
    if (body.dryRun === true) {
      // What the job would take: oldest first, at most `limit` (and at most MAX_JOB_ITEMS).
      const cap = Math.min(limit ?? MAX_JOB_ITEMS, MAX_JOB_ITEMS);
      const [count, sample] = await Promise.all([ops.countMessages(filter), ops.selectionSample(filter, Math.min(SAMPLE_SIZE, cap))]);
      return { count: Math.min(count, cap), sample };
    }
    const job = await ops.createReplayJob({ filter, limit, ratePerSecond, reason: reasonOf(body.reason, false), actor: req.operator! });
    ctx.kickReplays?.();
    ctx.logger.info({ jobId: job.id, total: job.total, operator: req.operator!.name }, 'bulk replay started');
    return reply.code(202).header('location', `/admin/v1/replays/${job.id}`).send(jobView(job));
  });

  app.get<{ Querystring: Record<string, unknown> }>('/admin/v1/replays', async (req) => {
    strictQuery(req.query, []);
    return { items: (await ops.listReplayJobs(LIST_LIMIT)).map(jobView) };
  });

  app.get<{ Params: { id: string } }>('/admin/v1/replays/:id', async (req) => jobView(await jobOf(ctx, req.params.id)));

  app.get<{ Params: { id: string }; Querystring: Record<string, unknown> }>('/admin/v1/replays/:id/items', async (req) => {
    const { state, limit, after } = strictQuery(req.query, ['state', 'limit', 'after']);
    if (state !== undefined && !REPLAY_ITEM_STATES.includes(state as ReplayItemState)) {
      throw bad([{ pointer: '/query/state', code: 'INVALID_VALUE', message: `must be one of ${REPLAY_ITEM_STATES.join(', ')}` }]);
    }
    await jobOf(ctx, req.params.id);
    const n = parseCount(limit, '/query/limit', ITEMS_MAX, ITEMS_DEFAULT);
    const items = await ops.listReplayItems(req.params.id, { state: state as ReplayItemState | undefined }, { limit: n + 1, afterSeq: parseCount(after, '/query/after', MAX_JOB_ITEMS, 0) });
    // `after` is the last seq of a page: a plain number, as the items are numbered.
    return { items: items.slice(0, n), nextAfter: items.length > n ? items[n - 1].seq : null };
  });

  app.post<{ Params: { id: string }; Body: unknown }>('/admin/v1/replays/:id/cancel', async (req) => {
    const { reason } = bodyOf(req.body, ['reason']);
    await jobOf(ctx, req.params.id);
    if (!(await ops.cancelReplayJob(req.params.id, req.operator!, reasonOf(reason, false)))) {
      throw new PasarelaError(Errors.ADMIN_JOB_NOT_RUNNING, `Replay ${req.params.id} is not running`);
    }
    return jobView(await jobOf(ctx, req.params.id));
  });
}

async function jobOf(ctx: AdminContext, id: string): Promise<ReplayJob> {
  const job = await ctx.journal.operations.getReplayJob(id);
  if (!job) throw new PasarelaError(Errors.ADMIN_NOT_FOUND, `No replay ${id}`);
  return job;
}

function jobView(job: ReplayJob) {
  return { ...job, remaining: job.total - job.replayed - job.skipped - job.failed };
}

/** Only parked messages are replayed: a filter naming another status is a mistake worth saying. */
function parkedOnly(filter: MessageFilter): MessageFilter {
  if (filter.status !== undefined && filter.status !== 'parked') {
    throw bad([{ pointer: '/filter/status', code: 'INVALID_VALUE', message: 'only parked messages can be replayed' }]);
  }
  return { ...filter, status: 'parked' };
}

function rateOf(value: unknown): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0 || value > MAX_RATE) {
    throw bad([{ pointer: '/ratePerSecond', code: 'INVALID_VALUE', message: `must be a number above 0 and at most ${MAX_RATE}` }]);
  }
  return value;
}
