import type { Command } from 'commander';
import { adapters } from '../../../adapters';
import { resolveRoutes } from '../../app';
import { resolveAdapterConfigs } from '../../config/adapters';
import { loadConfig } from '../../config/load';
import { isPasarelaError } from '../../core/errors';
import { loggableUrl } from '../../core/loggable-url';

export function registerConfigCommands(program: Command): void {
  const config = program.command('config').description('Inspect the configuration');
  config
    .command('check')
    .description('Validate the configuration and the route files; exit non-zero naming each problem')
    .action(() => {
      try {
        const c = loadConfig();
        const routes = resolveRoutes(c);
        resolveAdapterConfigs(c);
        process.stdout.write(
          [
            'Configuration is valid.',
            `  intake:   http://${c.http.host}:${c.http.port}`,
            `  broker:   ${loggableUrl(c.amqp.url)} (exchange ${c.amqp.exchange})`,
            `  journal:  ${loggableUrl(c.journal.url)}`,
            `  tenants:  ${c.tenants.map((t) => t.code).join(', ')}`,
            `  adapters: ${Object.keys(adapters).join(', ')}`,
            `  routes:   ${routes.map((r) => `${r.name} (${r.from.type} -> ${r.transform} -> ${r.to.connector})`).join(', ')}`,
            '',
          ].join('\n'),
        );
      } catch (e) {
        process.stderr.write(`${isPasarelaError(e) ? e.message : String(e)}\n`);
        process.exit(1);
      }
    });
}
