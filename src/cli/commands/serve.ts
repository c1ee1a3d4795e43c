import type { Command } from 'commander';
import { buildApp, type Role } from '../../app';
import { createLogger } from '../../observability/logger';
import { loadConfigOrExit } from './shared';

const ROLES: Role[] = ['intake', 'worker', 'all'];

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Run pasarela: the HTTP intake, the route workers, or both')
    .option('--role <role>', 'intake | worker | all', 'all')
    // Longer than a delivery attempt (connector timeout + 1 s), so SIGTERM never cuts a SIR call.
    .option('--grace <seconds>', 'seconds to drain in-flight work on SIGTERM before giving up', '45')
    .action(async (opts: { role: string; grace: string }) => {
      if (!ROLES.includes(opts.role as Role)) {
        process.stderr.write(`pasarela serve: --role must be one of ${ROLES.join(', ')}\n`);
        process.exit(2);
      }
      const config = loadConfigOrExit();
      const logger = createLogger({ level: config.log.level });
      const app = buildApp(config, { role: opts.role as Role, logger });
      const grace = Math.max(1, Number(opts.grace) || 45) * 1000;
      const shutdown = (signal: string) => {
        logger.info({ signal }, 'stopping: draining in-flight work');
        const timer = setTimeout(() => {
          logger.error('grace period over; exiting with work in flight (it stays unacked and will be redelivered)');
          process.exit(1);
        }, grace);
        app.stop().then(
          () => {
            clearTimeout(timer);
            process.exit(0);
          },
          (e: unknown) => {
            logger.error({ err: e }, 'stop failed');
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
      try {
        await app.start();
      } catch (e) {
        logger.fatal({ err: e }, 'start-up failed');
        await app.stop().catch(() => undefined);
        process.stderr.write(`pasarela serve: ${(e as Error).message}\n`);
        process.exit(1);
      }
    });
}
