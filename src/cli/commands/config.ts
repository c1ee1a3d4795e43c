import type { Command } from 'commander';
import { adapters } from '../../../adapters';
import { resolveRoutes } from '../../app';
import { resolveAdapterConfigs } from '../../config/adapters';
import { certificateMappings } from '../../intake/client-cert';
import { httpsOptions } from '../../intake/tls-options';
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
        // TLS files readable and matching, client certificate mappings unambiguous (docs/mtls.md).
        const tls = httpsOptions(c);
        const mapped = certificateMappings(c).length;
        process.stdout.write(
          [
            'Configuration is valid.',
            `  intake:   ${tls ? 'https' : 'http'}://${c.http.host}:${c.http.port}${mapped ? ` (${mapped} client certificate(s) mapped)` : ''}`,
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
