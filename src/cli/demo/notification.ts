import { readFileSync } from 'node:fs';
import type { App } from '../../app';
import type { Config } from '../../config/types';
import { readSecretRef } from '../../connectors/notifica/keys';
import { projectPath } from '../../core/paths';
import { Errors, PasarelaError } from '../../core/errors';
import type { Logger } from 'pino';
import { startNotificaSimulator, type NotificaSimulator } from '../../../simulators/notifica';
import { freePortOr } from './preflight';

const out = (line: string) => process.stdout.write(line + '\n');

/**
 * The demo's Notific@ side: the simulator on simulators.notifica.port (or a free port), accepting
 * the development API key pasarela sends (connectors.notifica.apiKeyFile, written on first use),
 * and connectors.notifica pointed at it.
 */
export async function startDemoNotifica(config: Config, logger: Logger): Promise<NotificaSimulator> {
  const block = config.connectors.notifica as { apiKeyEnv?: string; apiKeyFile?: string } | undefined;
  const key = block ? readSecretRef(block, '/connectors/notifica') : undefined;
  if (typeof key !== 'string') throw new PasarelaError(Errors.CONFIG_INVALID, `The demo needs connectors.notifica with an API key: ${key?.message ?? 'the block is missing'}`);
  const port = await freePortOr(config.simulators?.notifica?.port ?? 8092, '127.0.0.1');
  const sim = await startNotificaSimulator({ port, logger, apiKeys: [key], stepDelayMs: [200, 400] });
  config.connectors.notifica = { ...config.connectors.notifica, endpoint: sim.notificaWsUrl, syncEndpoint: sim.sincronizarEnvioWsUrl };
  return sim;
}

interface View {
  status: string;
  notification?: { closed: boolean; envios: { identificador: string; state: string | null; certificate: { sha256: string } | null }[] } | null;
  history: { at: string; event: string; attempt: number; code: string | null }[];
}

/** Post the canonical example notification and follow it until every envío is final. */
export async function notifyAndFollow(app: App, key: string, sim: NotificaSimulator, timeoutMs: number): Promise<number> {
  const body = readFileSync(projectPath('schemas', 'canonical', 'examples', 'notification.json'), 'utf8');
  const res = await fetch(`${app.url()}/v1/notifications`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });
  const posted = (await res.json()) as { id?: string; detail?: string };
  if (res.status !== 202 || !posted.id) {
    out(`notification: refused with ${res.status}: ${posted.detail ?? JSON.stringify(posted)}`);
    return 1;
  }
  out(`\nnotification: POST /v1/notifications (schemas/canonical/examples/notification.json, 2 recipients) -> 202 ${posted.id}`);
  let seen = 0;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const view = (await (await fetch(`${app.url()}/v1/messages/${posted.id}`, { headers: { authorization: `Bearer ${key}` } })).json()) as View;
    for (const hop of view.history.slice(seen)) out(`  notification  ${hop.at}  ${hop.event.padEnd(20)}${hop.code ? `  ${hop.code}` : ''}`);
    seen = view.history.length;
    if (view.notification?.closed) {
      const states = view.notification.envios.map((e) => `${e.identificador} ${e.state}${e.certificate ? ' (certificate kept)' : ''}`).join(', ');
      out(`\nNotification closed in Notific@: ${states}. Simulator: ${JSON.stringify({ received: sim.stats().received, duplicates: sim.stats().duplicates })}`);
      return 0;
    }
    if (view.status === 'parked' || view.status === 'rejected') break;
    await new Promise((r) => setTimeout(r, 150));
  }
  out('\nThe notification did not reach a final state in time');
  return 1;
}
