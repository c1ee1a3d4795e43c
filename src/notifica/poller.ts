import type { Logger } from 'pino';
import { infoEnvioLigero, type InfoResult } from '../connectors/notifica/operations';
import { isFinalState, isKnownState, stateRank } from '../core/notifica-states';
import { notificaInstant } from '../connectors/notifica/dates';
import { hashMatches } from './adviser';
import type { Journal } from '../journal/journal';
import type { EnvioRow, StateEvent } from '../journal/notifica';
import type { NotificaAccess } from './access';
import type { NotificaTracker } from './tracker';

export interface PollerDeps {
  journal: Journal;
  access: NotificaAccess;
  tracker: NotificaTracker;
  logger: Logger;
  /** An open envío whose state and last check are older than this is asked about. */
  quietAfterMs: number;
  intervalMs: number;
  batch: number;
  /** Held early callbacks older than this are dropped. */
  earlyHoldMs: number;
}

/**
 * The fallback for lost callbacks: every `intervalMs`, open envíos that have not moved for
 * `quietAfterMs` are asked about with `infoEnvioLigero` (nivelDetalle 3) and what Notific@ says
 * is applied like a callback (source `poll`). Runs in worker processes; two pollers asking about
 * the same envío are harmless (applying a state twice changes nothing).
 */
export function startNotificaPoller(deps: PollerDeps): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const tick = (): void => {
    pollOnce(deps)
      .catch((err: unknown) => deps.logger.warn({ err }, 'Notific@ polling failed; will try again'))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, deps.intervalMs).unref();
      });
  };
  timer = setTimeout(tick, deps.intervalMs).unref();
  return {
    stop() {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/** One pass; resolves how many envíos it asked about. */
export async function pollOnce(deps: PollerDeps): Promise<number> {
  const now = Date.now();
  await deps.journal.notifica.purgeEarly(new Date(now - deps.earlyHoldMs).toISOString());
  const quiet = await deps.journal.notifica.listQuiet(new Date(now - deps.quietAfterMs).toISOString(), deps.batch);
  for (const envio of quiet) await ask(deps, envio);
  return quiet.length;
}

async function ask(deps: PollerDeps, envio: EnvioRow): Promise<void> {
  try {
    const notFound = deps.access.config.notFoundCodes ? new Set(deps.access.config.notFoundCodes) : undefined;
    const info = await infoEnvioLigero(deps.access.caller, { identificador: envio.identificador }, deps.access.keyFor(envio.tenant), AbortSignal.timeout(deps.access.config.timeoutMs ?? 30_000), notFound);
    if (info && info.identificador !== '' && info.identificador !== envio.identificador) {
      // Applied to the envío it names, it would move another envío on an answer about this one.
      deps.logger.warn({ identificador: envio.identificador, answered: info.identificador.slice(0, 80) }, 'Notific@ answered about another envío; ignored');
      return;
    }
    const event = info && eventOf(info, envio);
    if (event) await deps.tracker.report(event);
  } catch (err) {
    deps.logger.warn({ err, identificador: envio.identificador }, 'could not ask Notific@ about an envío; asked again later');
  } finally {
    await deps.journal.notifica.markChecked(envio.identificador, new Date().toISOString());
  }
}

/**
 * The current state is the latest datado by date (as notib reads it), else the answer's `estado`.
 * Nothing to report when it is the state the envío already has without a date of its own (a
 * made-up date would make every poll a new change, and a real callback after it look late).
 * The event is about the envío asked about (`ask` ignores an answer that names another one).
 */
export function eventOf(info: InfoResult, envio: Pick<EnvioRow, 'state' | 'identificador'>): StateEvent | undefined {
  const dated = info.datados
    .map((d) => ({ ...d, at: notificaInstant(d.fecha) }))
    .filter((d): d is typeof d & { at: string } => isKnownState(d.resultado) && d.at !== undefined);
  // Datados of one second: the one further along is the current state, whatever order they are listed in.
  const latest = dated.sort((a, b) => a.at.localeCompare(b.at) || stateRank(a.resultado) - stateRank(b.resultado)).at(-1);
  const estado = latest?.resultado ?? info.estado;
  if (!isKnownState(estado) || (latest === undefined && estado === envio.state)) return undefined;
  const at = latest?.at ?? new Date().toISOString();
  const final = isFinalState(estado);
  const acuse = final && info.acuse ? { sha256: '', content: info.acuse.content, csv: info.acuse.csv, at: info.acuse.at && notificaInstant(info.acuse.at), hashMatches: hashMatches(info.acuse.content, info.acuse.hash) } : undefined;
  return { identificador: envio.identificador, estado, at, final, origin: latest?.origen?.slice(0, 40), acuse, source: 'poll' };
}
