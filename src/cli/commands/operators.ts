import type { Command } from 'commander';
import { generateOperatorToken } from '../../admin/tokens';
import { createJournal } from '../../journal';
import type { Journal } from '../../journal/journal';
import { OPERATOR_ROLES, type OperatorRole, type OperatorRow } from '../../journal/operations';
import { createLogger } from '../../observability/logger';
import { loadConfigOrExit } from './shared';

/** Open the configured journal (migrated), run `fn`, close it. */
async function withJournal<T>(fn: (journal: Journal) => Promise<T>): Promise<T> {
  const config = loadConfigOrExit();
  const journal = createJournal(config.journal.url, { logger: createLogger({ level: 'warn' }) });
  try {
    await journal.migrate();
    return await fn(journal);
  } finally {
    await journal.close();
  }
}

function describe(o: OperatorRow): string {
  return `${o.id}  ${o.role.padEnd(8)}  ${o.name}  ${o.prefix}…  created ${o.createdAt}${o.revokedAt ? `  REVOKED ${o.revokedAt}` : ''}`;
}

/** `pasarela operators …`: operator tokens for the admin API, made on the journal directly (like `keys`). */
export function registerOperatorCommands(program: Command): void {
  const operators = program.command('operators').description('Operator tokens for the admin API (/admin/v1), with a role; stored hashed');

  operators
    .command('create')
    .description('Create an operator token; prints it once, on stdout')
    .requiredOption('--name <name>', 'who it is for (shown in the audit)')
    .requiredOption('--role <role>', `one of ${OPERATOR_ROLES.join(', ')}`)
    .option('--json', 'print {id, name, role, token} as JSON')
    .action(async (opts: { name: string; role: string; json?: boolean }) => {
      const name = opts.name.trim().slice(0, 100);
      if (!OPERATOR_ROLES.includes(opts.role as OperatorRole) || name.length === 0) {
        process.stderr.write(`pasarela operators create: --role must be one of ${OPERATOR_ROLES.join(', ')} and --name not empty\n`);
        process.exit(2);
      }
      await withJournal(async (journal) => {
        const { token, hash, prefix } = generateOperatorToken();
        const row = await journal.operations.createOperator({ name, role: opts.role as OperatorRole, hash, prefix });
        process.stdout.write(opts.json ? JSON.stringify({ id: row.id, name: row.name, role: row.role, token }) + '\n' : token + '\n');
        process.stderr.write(`Created operator ${row.id} (${prefix}…) ${row.name}, role ${row.role}. Store the token now: it is not shown again.\n`);
      });
    });

  operators
    .command('list')
    .description('List operators and their roles (never the tokens)')
    .option('--json', 'one JSON array')
    .action(async (opts: { json?: boolean }) => {
      await withJournal(async (journal) => {
        const rows = await journal.operations.listOperators();
        process.stdout.write(opts.json ? JSON.stringify(rows) + '\n' : rows.map((o) => describe(o) + '\n').join(''));
      });
    });

  operators
    .command('revoke <id>')
    .description('Revoke an operator token by id; it stops working at once')
    .action(async (id: string) => {
      await withJournal(async (journal) => {
        const done = await journal.operations.revokeOperator(id);
        process.stdout.write(done ? `Revoked ${id}\n` : '');
        if (!done) {
          process.stderr.write(`pasarela operators revoke: no active operator ${id}\n`);
          process.exitCode = 1;
        }
      });
    });
}
