import { buildApp, type App } from '../../app';
import { loadConfig } from '../../config/load';
import type { Config } from '../../config/types';
import { isPasarelaError } from '../../core/errors';
import { generateApiKey } from '../../intake/api-keys';
import { loggableUrl } from '../../core/loggable-url';
import { createLogger } from '../../observability/logger';
import { startSirSimulator } from '../../../simulators/sir';
import { checkBroker, freePortOr } from './preflight';
import { demoRequest } from './formats';
import { demoEntries } from './samples';
import { demoSigning, type DemoSigning } from './signing';
import { notifyAndFollow, startDemoNotifica } from './notification';
import { expedienteAndFollow, startDemoCarpeta } from './carpeta';
import type { CarpetaSimulator } from '../../../simulators/carpeta';
import type { NotificaSimulator } from '../../../simulators/notifica';

const out = (line: string) => process.stdout.write(line + '\n');

interface Tracked { n: number; id: string; seen: number; status: string; exchange?: string }

/**
 * The demo: simulators + pasarela in this process on the embedded defaults, a demo key, three
 * posted entries (canonical JSON, a SICRES 3 fichero, a registry book CSV), a progress line per hop, exit 0 once SIR took all of them and confirmed them
 * (the simulator calls pasarela's WS_SIR9 back with an ACK and a CONFIRMACIÓN) and the example
 * notification reached a final state in Notific@ (the simulator calls AdviserWsV2 back). Requests to SIR
 * are signed (the development pair is created under data/keys/ when missing) and the simulator
 * refuses any request whose signature it cannot verify against that certificate.
 */
export async function runDemo(opts: { count: number; timeoutMs: number }): Promise<number> {
  let config;
  let signing: DemoSigning;
  try {
    config = loadConfig();
    signing = demoSigning(config);
  } catch (e) {
    process.stderr.write(`${isPasarelaError(e) ? e.message : String(e)}\n`);
    return 2;
  }
  const brokerProblem = await checkBroker(config.amqp.url);
  if (brokerProblem) {
    process.stderr.write(brokerProblem + '\n');
    return 1;
  }
  const logger = createLogger({ level: process.env.PASARELA_LOG_LEVEL ?? 'warn' });
  const port = await freePortOr(config.simulators?.sir?.port ?? 8091, '127.0.0.1');
  const sim = await startSirSimulator({ port, logger, requireSignature: signing.trust });
  out(`SIR simulator   ${sim.url}`);
  out(signing.line);
  config.connectors.sir = { ...config.connectors.sir, endpoint: sim.url };
  let notifica: NotificaSimulator;
  let carpeta: CarpetaSimulator;
  try {
    notifica = await startDemoNotifica(config, logger);
    carpeta = await startDemoCarpeta(config, logger);
  } catch (e) {
    await sim.stop();
    await notifica!?.stop();
    process.stderr.write(`${isPasarelaError(e) ? e.message : String(e)}\n`);
    return 2;
  }
  out(`Notific@ sim.   ${notifica.url}  (development API key ${String(config.connectors.notifica.apiKeyFile ?? config.connectors.notifica.apiKeyEnv)})`);
  out(`Carpeta sim.    ${carpeta.url}  (pushes signed with the development secret)`);
  config.http.port = await freePortOr(config.http.port, config.http.host);
  let app: App | undefined;
  try {
    app = buildApp(config, { role: 'all', logger });
    await app.start();
    out(`pasarela        ${app.url()}  (journal ${loggableUrl(config.journal.url)})`);
    sim.setCallbackUrl(`${app.url()}/sir/WS_SIR9`);
    notifica.setCallbackUrl(`${app.url()}/notifica/AdviserWsV2`);
    return await postAndFollow(app, config.tenants[0].code, opts, () => sim.stats(), { notifica, carpeta, config });
  } catch (e) {
    process.stderr.write(`demo failed: ${(e as Error).message}\n`);
    return 1;
  } finally {
    await app?.stop().catch(() => undefined);
    await sim.stop();
    await notifica.stop();
    await carpeta.stop();
  }
}

interface DemoSides { notifica: NotificaSimulator; carpeta: CarpetaSimulator; config: Config }

async function postAndFollow(app: App, tenant: string, opts: { count: number; timeoutMs: number }, stats: () => unknown, sides: DemoSides): Promise<number> {
  const { key, hash, prefix } = generateApiKey();
  const demoKey = await app.journal.createApiKey({ tenant, name: 'demo', hash, prefix });
  out(`demo key        ${prefix}… for tenant ${tenant} (revoked when the demo ends)\n`);
  try {
    const entries = await postEntries(app, key, opts, stats);
    if (entries !== 0) return entries;
    const notified = await notifyAndFollow(app, key, sides.notifica, opts.timeoutMs);
    return notified !== 0 ? notified : await expedienteAndFollow(app, key, sides.carpeta, sides.config, opts.timeoutMs);
  } finally {
    await app.journal.revokeApiKey(demoKey.id);
  }
}

async function postEntries(app: App, key: string, opts: { count: number; timeoutMs: number }, stats: () => unknown): Promise<number> {
  const tracked: Tracked[] = [];
  for (const [i, entry] of demoEntries(opts.count).entries()) {
    const req = demoRequest(entry, i);
    const res = await fetch(`${app.url()}${req.path}`, {
      method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': req.contentType }, body: req.body,
    });
    const body = (await res.json()) as { id?: string; items?: { id?: string }[]; detail?: string };
    const id = body.id ?? body.items?.[0]?.id;
    if (res.status !== 202 || !id) {
      out(`entry ${i + 1}: refused with ${res.status}: ${body.detail ?? JSON.stringify(body)}`);
      return 1;
    }
    out(`entry ${i + 1}: POST ${req.path} (${req.format}) -> 202 ${id} (${entry.origin.registryNumber})`);
    tracked.push({ n: i + 1, id, seen: 0, status: 'queued' });
  }
  const deadline = Date.now() + opts.timeoutMs;
  while (Date.now() < deadline) {
    for (const t of tracked) await follow(app, key, t);
    if (tracked.every((t) => t.status === 'delivered' && t.exchange === 'confirmed')) {
      out(`\nAll ${tracked.length} entries delivered to SIR and confirmed by the destination. Simulator: ${JSON.stringify(stats())}`);
      return 0;
    }
    if (tracked.some((t) => t.status === 'parked' || t.status === 'rejected')) break;
    await new Promise((r) => setTimeout(r, 150));
  }
  out(`\nNot all entries were delivered: ${tracked.map((t) => `entry ${t.n} ${t.status}`).join(', ')}`);
  return 1;
}

async function follow(app: App, key: string, t: Tracked): Promise<void> {
  const res = await fetch(`${app.url()}/v1/messages/${t.id}`, { headers: { authorization: `Bearer ${key}` } });
  const view = (await res.json()) as { status: string; exchangeId: string; exchange: { state: string } | null; history: { at: string; event: string; attempt: number; code: string | null; detail: string | null }[] };
  for (const hop of view.history.slice(t.seen)) {
    const extra = [hop.code && `code ${hop.code}`, hop.event === 'delivered' && `Identificador_Intercambio ${view.exchangeId}`].filter(Boolean).join(', ');
    out(`  entry ${t.n}  ${hop.at}  ${hop.event.padEnd(16)} attempt ${hop.attempt}${extra ? '  ' + extra : ''}`);
  }
  t.seen = view.history.length;
  t.status = view.status;
  t.exchange = view.exchange?.state;
}
