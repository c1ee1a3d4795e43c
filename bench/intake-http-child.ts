import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { buildApp, type App } from '../src/app';
import { silentLogger } from '../src/observability/logger';
import { benchConfig } from './environment';
import { benchApiKey, benchOperatorToken } from './poster';

/**
 * One HTTP server of the intake benchmark, in its own process (bench/intake-http.ts spawns it),
 * so the load generator in the parent never shares its event loop. argv[2] is the mode:
 *
 * - `bare`: a fastify server with fastify's defaults (its JSON body parser) and one route,
 *   `POST /v1/registry-entries`, answering 202 `{id, status}` without looking at the entry.
 *   The most any fastify route can do on this machine: the baseline.
 * - `intake`: pasarela with `--role intake` (intake only, no route workers), on the world given
 *   as JSON in argv[3] (`{amqpUrl, journalUrl, routesDir}`); it makes its own API key in the
 *   journal, as the other benchmarks do.
 * - `all`: pasarela with `--role all` (intake, workers delivering to `sirUrl`, the admin API and
 *   its bulk replays), with an operator token as well.
 *
 * Over IPC: `{ready: url, key?, token?}` once listening; `{id, op: 'stats'}` is answered with the
 * journal's message counts by status and the work queue's depth (intake only). SIGTERM or the
 * parent gone: stop and exit 0 (a normal exit, so `--cpu-prof` can write its profile).
 */
export interface IntakeWorldArgs {
  amqpUrl: string;
  journalUrl: string;
  routesDir: string;
  /** Mode `all` only: the SIR simulator its workers deliver to. */
  sirUrl?: string;
}

export interface ChildStats {
  counts: Record<string, number>;
  queueDepth: number;
}

type Stopper = () => Promise<void>;

async function startBare(): Promise<{ url: string; stop: Stopper }> {
  const app = Fastify({ logger: false });
  app.post('/v1/registry-entries', async (_req, reply) => reply.code(202).send({ id: randomUUID(), status: 'queued' }));
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, stop: () => app.close() };
}

async function startIntake(args: IntakeWorldArgs, role: 'intake' | 'all'): Promise<{ url: string; key: string; token?: string; app: App; stop: Stopper }> {
  // SIR is never called by an intake-only process; the endpoint only has to be a valid URL.
  const config = benchConfig({ ...args, sirUrl: args.sirUrl ?? 'http://127.0.0.1:9/unused' });
  const app = buildApp(config, { role, logger: silentLogger() });
  try {
    await app.start();
  } catch (e) {
    await app.stop();
    throw e;
  }
  const key = await benchApiKey(app.journal);
  const token = role === 'all' ? await benchOperatorToken(app.journal) : undefined;
  return { url: app.url()!, key, token, app, stop: () => app.stop() };
}

async function main(): Promise<void> {
  const mode = process.argv[2];
  const send = (m: unknown): void => void process.send?.(m);
  let server: { url: string; key?: string; token?: string; app?: App; stop: Stopper };
  if (mode === 'bare') server = await startBare();
  else if (mode === 'intake' || mode === 'all') server = await startIntake(JSON.parse(process.argv[3] ?? '{}') as IntakeWorldArgs, mode);
  else throw new Error(`unknown mode ${mode}; expected bare, intake or all`);

  let stopping: Promise<void> | undefined;
  const stop = (): void => {
    stopping ??= server.stop().catch(() => undefined).finally(() => process.exit(0));
  };
  process.once('disconnect', stop);
  process.once('SIGTERM', stop);
  process.on('message', (m: { id: number; op: string }) => {
    if (m.op !== 'stats') return;
    const app = server.app;
    const stats = async (): Promise<ChildStats> => {
      if (!app) return { counts: {}, queueDepth: 0 };
      const [counts, queueDepth] = await Promise.all([app.journal.countByStatus(), app.bus.queueDepth(app.routes[0].name)]);
      return { counts: counts as Record<string, number>, queueDepth };
    };
    stats().then(
      (s) => send({ id: m.id, stats: s }),
      (e: unknown) => send({ id: m.id, error: e instanceof Error ? e.message : String(e) }),
    );
  });
  send({ ready: server.url, key: server.key, token: server.token });
}

main().catch((e: unknown) => {
  process.stderr.write(`bench HTTP server (${process.argv[2]}) failed to start: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
