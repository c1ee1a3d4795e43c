import type { Command } from 'commander';
import { readFileSync } from 'node:fs';
import type { AdminClient, DryRun, ReplayJob, ReplayRequest } from '../admin/client';
import { type AdminFilter, parseFilter } from '../admin/filter';
import { createProgressWriter } from '../admin/format';
import { type ConnectionOptions, positiveInteger, positiveNumber, print, runAdmin, usageError, withConnection } from '../admin/run';
import { jobDetail, jobItems, jobSummary, jobTable, messageTable } from '../admin/views';

/** How often a bulk replay that is being waited for is asked about. */
const POLL_MS = 500;

interface ReplayOptions extends ConnectionOptions {
  filter?: string; dryRun?: boolean; limit?: number; rate?: number; reason?: string; wait: boolean;
}

/** `replay`, `replays show|list|items|cancel`, `discard` and `edit-and-replay`. */
export function registerReplayCommands(program: Command): void {
  withConnection(program.command('replay [id]'))
    .description('Replay one message by id, or every message a --filter matches (a bulk replay job)')
    .option('--filter <filter>', 'field=value items, comma-separated: status, route, tenant, type, from, to, q')
    .option('--dry-run', 'with --filter: count what would be replayed and show a sample, replay nothing')
    .option('--limit <n>', 'with --filter: replay at most this many', positiveInteger)
    .option('--rate <perSecond>', 'with --filter: replay at most this many a second', positiveNumber)
    .option('--reason <text>', 'why, for the audit trail')
    .option('--no-wait', 'with --filter: start the job and return instead of following its progress')
    .action((id: string | undefined, opts: ReplayOptions) => replay(id, opts));

  const replays = program.command('replays').description('Bulk replay jobs');
  withConnection(replays.command('show <jobId>'))
    .description('One bulk replay job')
    .action((jobId: string, opts: ConnectionOptions) => runAdmin('replays show', opts, async (client) => {
      const job = await client.getReplay(jobId);
      print(opts, job, () => jobDetail(job));
    }));
  withConnection(replays.command('list'))
    .description('Bulk replay jobs, newest first')
    .action((opts: ConnectionOptions) => runAdmin('replays list', opts, async (client) => {
      const list = await client.listReplays();
      print(opts, list, () => jobTable(list.items));
    }));
  withConnection(replays.command('items <jobId>'))
    .description("What a bulk replay did with each message of its selection (e.g. --state failed: which, and why)")
    .option('--state <state>', 'only items in this state: pending, replayed, skipped, failed')
    .option('--limit <n>', 'at most this many', positiveInteger)
    .option('--after <seq>', 'the items after this one (the "more:" line of a page)', positiveInteger)
    .action((jobId: string, opts: ConnectionOptions & { state?: string; limit?: number; after?: number }) => runAdmin('replays items', opts, async (client) => {
      const page = await client.replayItems(jobId, { state: opts.state, limit: opts.limit, after: opts.after });
      print(opts, page, () => jobItems(page));
    }));
  withConnection(replays.command('cancel <jobId>'))
    .description('Stop a running bulk replay; what it replayed stays replayed')
    .action((jobId: string, opts: ConnectionOptions) => runAdmin('replays cancel', opts, async (client) => {
      const job = await client.cancelReplay(jobId);
      print(opts, job, () => jobSummary(job));
    }));

  registerDiscardCommands(program);
}

function registerDiscardCommands(program: Command): void {
  withConnection(program.command('discard <id>'))
    .description('Give up on a message: it will not be delivered or replayed')
    .requiredOption('--reason <text>', 'why, for the audit trail')
    .action((id: string, opts: ConnectionOptions & { reason: string }) => runAdmin('discard', opts, async (client) => {
      const answer = await client.discardMessage(id, opts.reason);
      print(opts, answer, () => `Discarded ${answer.id}\n`);
    }));

  withConnection(program.command('edit-and-replay <id>'))
    .description('Replay a message with a corrected payload (the original is kept)')
    .requiredOption('--payload <file.json>', 'the corrected payload, a JSON file')
    .requiredOption('--reason <text>', 'why, for the audit trail')
    .action((id: string, opts: ConnectionOptions & { payload: string; reason: string }) => {
      const payload = readPayload(opts.payload);
      if (payload instanceof Error) return usageError('edit-and-replay', payload.message);
      return runAdmin('edit-and-replay', opts, async (client) => {
        const answer = await client.editAndReplay(id, payload.value, opts.reason);
        print(opts, answer, () => `Replayed ${answer.id} as ${answer.replayId}, ${answer.diff.length} change(s)\n`);
      });
    });
}

function readPayload(file: string): { value: unknown } | Error {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    return new Error(`cannot read the payload file ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  try {
    return { value: JSON.parse(text) };
  } catch (e) {
    return new Error(`the payload file ${file} is not JSON: ${(e as Error).message}`);
  }
}

/**
 * Exactly one of an id and `--filter`. The bulk-only options are refused with an id rather than
 * ignored: `replay <id> --dry-run` replaying for real would be the worst way to find out.
 */
function replay(id: string | undefined, opts: ReplayOptions): Promise<void> | void {
  if (id !== undefined && opts.filter !== undefined) return usageError('replay', 'give a message id or --filter, not both');
  if (id === undefined && opts.filter === undefined) return usageError('replay', 'give a message id, or --filter "<filter>" for a bulk replay');
  if (id !== undefined) {
    if (opts.dryRun || opts.limit !== undefined || opts.rate !== undefined || !opts.wait) {
      return usageError('replay', '--dry-run, --limit, --rate and --no-wait go with --filter; to replay one message give its id (and --reason)');
    }
    return runAdmin('replay', opts, async (client) => {
      const answer = await client.replayMessage(id, opts.reason);
      print(opts, answer, () => `Replayed ${answer.id} as ${answer.replayId} (${answer.status})\n`);
    });
  }
  let filter: AdminFilter;
  try {
    filter = parseFilter(opts.filter!);
  } catch (e) {
    return usageError('replay', (e as Error).message);
  }
  const request: ReplayRequest = { filter, dryRun: opts.dryRun === true, limit: opts.limit, ratePerSecond: opts.rate, reason: opts.reason };
  return runAdmin('replay', opts, (client) => replayMany(client, request, opts));
}

/** A bulk replay: the dry run's count and sample, or the job, followed to its end unless `--no-wait`. */
async function replayMany(client: AdminClient, request: ReplayRequest, opts: ReplayOptions): Promise<number> {
  const answer = await client.startReplay(request);
  if (request.dryRun) {
    const dry = answer as DryRun;
    print(opts, dry, () => `Would replay ${dry.count} message(s)\n${messageTable(dry.sample)}`);
    return 0;
  }
  const started = answer as ReplayJob;
  if (!opts.wait) {
    print(opts, started, () => `Replay ${started.id} started: ${started.total} message(s)\n`);
    return 0;
  }
  const job = await follow(client, started);
  print(opts, job, () => jobSummary(job));
  return job.status === 'completed' ? 0 : 1;
}

/** Asks about the job every {@link POLL_MS} while it runs, drawing its progress on stderr. */
async function follow(client: AdminClient, started: ReplayJob): Promise<ReplayJob> {
  if (started.status === 'running') {
    process.stderr.write(`Replay ${started.id} started: ${started.total} message(s); Ctrl-C stops waiting, not the replay (pasarela replays cancel ${started.id})\n`);
  }
  const progress = createProgressWriter(process.stderr);
  let job = started;
  try {
    progress.update(processed(job), job.total);
    while (job.status === 'running') {
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
      job = await client.getReplay(job.id);
      progress.update(processed(job), job.total);
    }
  } finally {
    progress.finish();
  }
  return job;
}

function processed(job: ReplayJob): number {
  return job.replayed + job.skipped + job.failed;
}
