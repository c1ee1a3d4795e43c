import type { Command } from 'commander';
import { createJournal } from '../../journal';
import { generateApiKey } from '../../intake/api-keys';
import { createLogger } from '../../observability/logger';
import { loadConfigOrExit } from './shared';

export function registerKeyCommands(program: Command): void {
  const keys = program.command('keys').description('API keys of municipal systems (stored hashed)');

  keys
    .command('create')
    .description('Create a key for a tenant; prints the key once, on stdout')
    .requiredOption('--tenant <dir3>', 'DIR3 code of the tenant (as in the configuration)')
    .requiredOption('--name <label>', 'who the key is for, e.g. the registry software')
    .option('--json', 'print {id, tenant, name, key} as JSON')
    .action(async (opts: { tenant: string; name: string; json?: boolean }) => {
      const config = loadConfigOrExit();
      if (!config.tenants.some((t) => t.code === opts.tenant)) {
        process.stderr.write(`pasarela keys create: tenant ${opts.tenant} is not in the configuration (known: ${config.tenants.map((t) => t.code).join(', ')})\n`);
        process.exit(2);
      }
      const journal = createJournal(config.journal.url, { logger: createLogger({ level: 'warn' }) });
      try {
        await journal.migrate();
        const { key, hash, prefix } = generateApiKey();
        const row = await journal.createApiKey({ tenant: opts.tenant, name: opts.name.slice(0, 100), hash, prefix });
        process.stdout.write(opts.json ? JSON.stringify({ id: row.id, tenant: row.tenant, name: row.name, key }) + '\n' : key + '\n');
        process.stderr.write(`Created key ${row.id} (${prefix}…) for tenant ${row.tenant}. Store it now: it is not shown again.\n`);
      } finally {
        await journal.close();
      }
    });

  keys
    .command('list')
    .description('List keys (never the secrets)')
    .option('--tenant <dir3>', 'only this tenant')
    .action(async (opts: { tenant?: string }) => {
      const config = loadConfigOrExit();
      const journal = createJournal(config.journal.url, { logger: createLogger({ level: 'warn' }) });
      try {
        await journal.migrate();
        for (const k of await journal.listApiKeys(opts.tenant)) {
          process.stdout.write(`${k.id}  ${k.tenant}  ${k.prefix}…  ${k.name}  created ${k.createdAt}${k.revokedAt ? '  REVOKED ' + k.revokedAt : ''}\n`);
        }
      } finally {
        await journal.close();
      }
    });

  keys
    .command('revoke <id>')
    .description('Revoke a key by id; it stops working at once')
    .action(async (id: string) => {
      const config = loadConfigOrExit();
      const journal = createJournal(config.journal.url, { logger: createLogger({ level: 'warn' }) });
      try {
        await journal.migrate();
        const done = await journal.revokeApiKey(id);
        process.stdout.write(done ? `Revoked ${id}\n` : '');
        if (!done) {
          process.stderr.write(`pasarela keys revoke: no active key ${id}\n`);
          process.exitCode = 1;
        }
      } finally {
        await journal.close();
      }
    });
}
