import type { Command } from 'commander';
import { createJournal } from '../../journal';
import { generateApiKey } from '../../intake/api-keys';
import { createLogger } from '../../observability/logger';
import { describeKey, type KeyGrantOptions, parseKeyGrants } from './key-grants';
import { loadConfigOrExit } from './shared';
import { TENANT_SCOPES } from '../../core/scopes';

export function registerKeyCommands(program: Command): void {
  const keys = program.command('keys').description('API keys of municipal systems (stored hashed)');

  keys
    .command('create')
    .description('Create a key for a tenant; prints the key once, on stdout')
    .requiredOption('--tenant <dir3>', 'DIR3 code of the tenant (as in the configuration)')
    .requiredOption('--name <label>', 'who the key is for, e.g. the registry software')
    .option('--scopes <list>', `comma-separated scopes (default: all of ${TENANT_SCOPES.join(', ')})`)
    .option('--offices <list>', "offices it may act for (default: all the tenant's)")
    .option('--units <list>', "origin units it may act for (default: all the tenant's)")
    .option('--rate <perSecond[/burst]>', 'its own request rate per intake process (default: intake.rateLimit)')
    .option('--max-body-bytes <n>', 'its own body size limit (default: http.bodyLimitBytes)')
    .option('--json', 'print {id, tenant, name, key, scopes, offices, units} as JSON')
    .action(async (opts: { tenant: string; name: string; json?: boolean } & KeyGrantOptions) => {
      const config = loadConfigOrExit();
      const tenant = config.tenants.find((t) => t.code === opts.tenant);
      if (!tenant) {
        process.stderr.write(`pasarela keys create: tenant ${opts.tenant} is not in the configuration (known: ${config.tenants.map((t) => t.code).join(', ')})\n`);
        process.exit(2);
      }
      const { grants, problems } = parseKeyGrants(opts, tenant, config);
      if (!grants) {
        process.stderr.write(problems.map((p) => `pasarela keys create: ${p}\n`).join(''));
        process.exit(2);
      }
      const journal = createJournal(config.journal.url, { logger: createLogger({ level: 'warn' }) });
      try {
        await journal.migrate();
        const { key, hash, prefix } = generateApiKey();
        const row = await journal.createApiKey({ tenant: opts.tenant, name: opts.name.slice(0, 100), hash, prefix, ...grants });
        const json = { id: row.id, tenant: row.tenant, name: row.name, key, scopes: row.scopes, offices: row.offices, units: row.units };
        process.stdout.write(opts.json ? JSON.stringify(json) + '\n' : key + '\n');
        process.stderr.write(`Created key ${row.id} (${prefix}…) for tenant ${row.tenant}, scopes ${row.scopes.join(',')}. Store it now: it is not shown again.\n`);
      } finally {
        await journal.close();
      }
    });

  keys
    .command('list')
    .description('List keys with their scopes, offices, units and limits (never the secrets)')
    .option('--tenant <dir3>', 'only this tenant')
    .option('--json', 'one JSON array')
    .action(async (opts: { tenant?: string; json?: boolean }) => {
      const config = loadConfigOrExit();
      const journal = createJournal(config.journal.url, { logger: createLogger({ level: 'warn' }) });
      try {
        await journal.migrate();
        const rows = await journal.listApiKeys(opts.tenant);
        process.stdout.write(opts.json ? JSON.stringify(rows) + '\n' : rows.map((k) => describeKey(k) + '\n').join(''));
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
