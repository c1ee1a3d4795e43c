import { readFileSync } from 'node:fs';
import type { Logger } from 'pino';
import type { App } from '../../app';
import { DEV_CARPETA_TOKEN_FILE } from '../../carpeta/clients';
import { readSecret } from '../../config/secret-ref';
import type { Config } from '../../config/types';
import { DEV_CARPETA_SECRET_FILE } from '../../connectors/carpeta/config';
import { Errors, PasarelaError } from '../../core/errors';
import { projectPath } from '../../core/paths';
import { startCarpetaSimulator, type CarpetaSimulator } from '../../../simulators/carpeta';
import { freePortOr } from './preflight';

const out = (line: string) => process.stdout.write(line + '\n');

function secretOf(config: Config): string {
  const c = config.connectors.carpeta as { secretEnv?: string; secretFile?: string } | undefined;
  const s = readSecret({ env: c?.secretEnv, file: c?.secretFile, envField: 'secretEnv', fileField: 'secretFile', what: 'Carpeta push secret', devFile: DEV_CARPETA_SECRET_FILE }, '/connectors/carpeta');
  if (typeof s !== 'string') throw new PasarelaError(Errors.CONFIG_INVALID, `The demo needs connectors.carpeta with a push secret: ${s.message}`);
  return s;
}

/** The demo's Carpeta side: the simulator on simulators.carpeta.port (or a free port), the push pointed at it. */
export async function startDemoCarpeta(config: Config, logger: Logger): Promise<CarpetaSimulator> {
  const port = await freePortOr(config.simulators?.carpeta?.port ?? 8093, '127.0.0.1');
  const sim = await startCarpetaSimulator({ port, logger, secret: secretOf(config) });
  config.connectors.carpeta = { ...config.connectors.carpeta, url: sim.pushUrl };
  return sim;
}

/** Post the example expediente change, then ask for it as Carpeta would (pull), and see it pushed. */
export async function expedienteAndFollow(app: App, key: string, sim: CarpetaSimulator, config: Config, timeoutMs: number): Promise<number> {
  const example = JSON.parse(readFileSync(projectPath('schemas', 'canonical', 'examples', 'expediente-status.json'), 'utf8')) as {
    expediente: string; interested: { documentNumber: string }[]; sequence: number; dates: { changedAt: string };
  };
  // A change made now, with the change time as its sequence (as a source without a counter sends
  // it): each demo run is newer than the last, which the journal may still hold.
  const now = new Date();
  example.sequence = now.getTime();
  example.dates.changedAt = now.toISOString();
  const { expediente, interested } = example;
  const body = JSON.stringify(example);
  const res = await fetch(`${app.url()}/v1/expedientes/${expediente}/status`, { method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body });
  const posted = (await res.json()) as { id?: string; detail?: string };
  if (res.status !== 202 || !posted.id) {
    out(`expediente: refused with ${res.status}: ${posted.detail ?? JSON.stringify(posted)}`);
    return 1;
  }
  out(`\nexpediente: POST /v1/expedientes/${expediente}/status -> 202 ${posted.id}`);
  const token = readSecret({ file: config.carpeta?.pull?.clients?.[0]?.tokenFile ?? DEV_CARPETA_TOKEN_FILE, envField: 'tokenEnv', fileField: 'tokenFile', what: 'Carpeta client token', devFile: DEV_CARPETA_TOKEN_FILE }, '/carpeta');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const pushed = sim.expediente(expediente);
    const pull = typeof token === 'string'
      ? await fetch(`${app.url()}/carpeta/v1/expedientes`, { headers: { authorization: `Bearer ${token}`, 'carpeta-ciudadano': interested[0].documentNumber } })
      : undefined;
    const list = pull && pull.status === 200 ? ((await pull.json()) as { expedientes: { identificador: string; estado: string }[] }).expedientes : [];
    const seen = list.find((e) => e.identificador === expediente);
    if (seen && pushed) {
      out(`  pull   GET /carpeta/v1/expedientes (Carpeta-Ciudadano: the holder) -> ${list.length} expediente(s), ${seen.identificador} "${seen.estado}"`);
      out(`  push   Carpeta simulator holds ${expediente} at sequence ${pushed.current.sequence} (signature checked)`);
      out(`\nExpediente projected, answered to Carpeta's query and pushed to Carpeta. Simulator: ${JSON.stringify({ received: sim.stats().received, duplicates: sim.stats().duplicates })}`);
      return 0;
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  out('\nThe expediente was not projected and pushed in time');
  return 1;
}
