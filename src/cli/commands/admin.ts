import type { Command } from 'commander';
import type { Query } from '../admin/client';
import { type ConnectionOptions, positiveInteger, print, runAdmin, withConnection } from '../admin/run';
import { auditPage, failuresView, inFlightView, messageDetail, messagePage } from '../admin/views';
import { registerReplayCommands } from './admin-replay';

/**
 * The operator commands, clients of the admin HTTP API (`/admin/v1`) of a running pasarela:
 * looking at messages, failures and what is in flight, replaying, discarding, and the audit
 * trail. Each takes `--url`, `--token` and `--json` (../admin/run.ts); the API does the
 * authorising and the auditing, these only ask and print.
 */
export function registerAdminCommands(program: Command): void {
  registerMessageCommands(program);
  registerFailureCommands(program);
  registerReplayCommands(program);
  registerAuditCommand(program);
}

interface ListOptions extends ConnectionOptions {
  status?: string; route?: string; tenant?: string; type?: string; from?: string; to?: string; q?: string; limit?: number; cursor?: string;
}

function registerMessageCommands(program: Command): void {
  const messages = program.command('messages').description('Messages in the journal, through the admin API');

  withConnection(messages.command('list'))
    .description('List messages, newest first, one page at a time')
    .option('--status <status>', 'received, queued, delivering, delivered, parked, rejected, replayed or discarded')
    .option('--route <route>', 'only this route')
    .option('--tenant <dir3>', 'only this tenant')
    .option('--type <type>', 'only this message type')
    .option('--from <iso>', 'from this time (ISO 8601)')
    .option('--to <iso>', 'up to this time (ISO 8601)')
    .option('--q <key>', 'a key to look for, e.g. a registry number, an exchange or correlation id')
    .option('--limit <n>', 'how many on a page', positiveInteger)
    .option('--cursor <c>', 'the page after this cursor (printed after a page as "more: --cursor …")')
    .action((opts: ListOptions) =>
      runAdmin('messages list', opts, async (client) => {
        const { status, route, tenant, type, from, to, q, limit, cursor } = opts;
        const query: Query = { status, route, tenant, type, from, to, q, limit, cursor };
        const page = await client.listMessages(query);
        print(opts, page, () => messagePage(page));
      }),
    );

  withConnection(messages.command('show <id>'))
    .description('One message: its journal entry, history, parked evidence, exchanges and replays')
    .action((id: string, opts: ConnectionOptions) =>
      runAdmin('messages show', opts, async (client) => {
        const message = await client.getMessage(id);
        print(opts, message, () => messageDetail(message));
      }),
    );
}

function registerFailureCommands(program: Command): void {
  withConnection(program.command('failures'))
    .description('Parked messages grouped by route and error code')
    .action((opts: ConnectionOptions) =>
      runAdmin('failures', opts, async (client) => {
        const failures = await client.failures();
        print(opts, failures, () => failuresView(failures));
      }),
    );

  withConnection(program.command('in-flight'))
    .description('Messages being delivered now, and those that have not changed for too long')
    .option('--stuck-after <seconds>', 'how long without a change makes a message stuck (default: the server\'s)', positiveInteger)
    .action((opts: ConnectionOptions & { stuckAfter?: number }) =>
      runAdmin('in-flight', opts, async (client) => {
        const inFlight = await client.inFlight(opts.stuckAfter);
        print(opts, inFlight, () => inFlightView(inFlight));
      }),
    );
}

function registerAuditCommand(program: Command): void {
  withConnection(program.command('audit'))
    .description('What operators did through the admin API, newest first')
    .option('--action <action>', 'only this action')
    .option('--operator <name>', 'only this operator')
    .option('--message <id>', 'only actions on this message')
    .option('--limit <n>', 'how many on a page', positiveInteger)
    .option('--cursor <c>', 'the page after this cursor')
    .action((opts: ConnectionOptions & { action?: string; operator?: string; message?: string; limit?: number; cursor?: string }) =>
      runAdmin('audit', opts, async (client) => {
        const page = await client.audit({ action: opts.action, operator: opts.operator, messageId: opts.message, limit: opts.limit, cursor: opts.cursor });
        print(opts, page, () => auditPage(page));
      }),
    );
}
