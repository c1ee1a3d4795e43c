import { ampliarPlazoOE, sincronizarEnvioOE } from '../connectors/notifica/operations';
import { Errors, isPasarelaError, PasarelaError } from '../core/errors';
import type { Notification, Party as NotificationParty } from '../core/notification';
import type { ApiKeyRow, Journal, MessageRow } from '../journal/journal';
import { keyMaySeeMessage } from '../intake/auth';
import type { EnvioRow } from '../journal/notifica';
import type { NotificaAccess } from './access';
import type { NotificaTracker } from './tracker';

export interface ActionDeps {
  journal: Journal;
  access: NotificaAccess;
  tracker: NotificaTracker;
}

export interface EnvioResult {
  identificador: string;
  recipient: number;
  ok: boolean;
  state: string | null;
  expiresOn?: string;
  /** Catalog code and text when Notific@ refused or could not be reached (and the error itself, not shown). */
  error?: { code: string; detail: string; cause?: PasarelaError };
}

/** The tenant's notification and its envíos that are still open; coded refusals otherwise. */
async function openEnvios(deps: ActionDeps, key: ApiKeyRow, id: string): Promise<{ row: MessageRow; open: EnvioRow[] }> {
  const row = await deps.journal.getMessage(id);
  // Another tenant's message (or one of a unit the key is not bound to) is answered exactly like a missing one.
  if (!row || row.type !== 'notification' || !keyMaySeeMessage(key, row)) throw new PasarelaError(Errors.NOTIFICA_NOT_NOTIFICATION, 'No notification with this id');
  const envios = await deps.journal.notifica.enviosOf(id);
  if (envios.length === 0) throw new PasarelaError(Errors.NOTIFICA_NOT_SUBMITTED, 'Notific@ has not taken this notification yet; try again once it is delivered');
  const open = envios.filter((e) => !e.final);
  if (open.length === 0) throw new PasarelaError(Errors.NOTIFICA_ALREADY_FINAL, 'Every envío of this notification is already in a final state');
  return { row, open };
}

function nameOf(p: NotificationParty): string {
  return (p.companyName ?? [p.name, p.firstSurname, p.secondSurname].filter(Boolean).join(' ')).slice(0, 255);
}

function failed(e: EnvioRow, err: unknown): EnvioResult {
  const pe = isPasarelaError(err) ? err : new PasarelaError(Errors.PIPELINE_UNEXPECTED_ERROR, undefined, { cause: err });
  return { identificador: e.identificador, recipient: e.recipientIndex + 1, ok: false, state: e.state, error: { code: pe.code, detail: pe.message, cause: pe } };
}

/**
 * Withdraw every open envío of a notification (`sincronizarEnvioOE`, estado `anulada`). Each
 * envío Notific@ confirms (`200`) is recorded `anulada` at once; its later callback is a repeat.
 * The reason goes to Notific@ only: hops never quote the tenant's text.
 */
export async function cancelNotification(deps: ActionDeps, key: ApiKeyRow, id: string, reason: string): Promise<EnvioResult[]> {
  const tenant = key.tenant;
  const { row, open } = await openEnvios(deps, key, id);
  const payload = row.envelope.payload as Notification;
  const results: EnvioResult[] = [];
  for (const e of open) {
    const holder = payload.recipients[e.recipientIndex]?.holder;
    try {
      const at = new Date();
      await sincronizarEnvioOE(deps.access.caller, {
        organismo: e.organismo, identificador: e.identificador, motivo: reason, at,
        receptor: { nif: holder?.documentNumber ?? '', name: holder ? nameOf(holder) : '' },
      }, deps.access.keyFor(tenant));
      const o = await deps.tracker.report({ identificador: e.identificador, estado: 'anulada', at: new Date(Math.floor(at.getTime() / 1000) * 1000).toISOString(), final: true, source: 'cancel' });
      results.push({ identificador: e.identificador, recipient: e.recipientIndex + 1, ok: true, state: o.kind === 'unknown' ? 'anulada' : o.envio.state });
    } catch (err) {
      const r = failed(e, err);
      await deps.journal.notifica.note(id, { event: 'notifica-cancel-failed', outcome: 'error', code: r.error!.code, detail: `cancellation of envío ${e.identificador} failed: ${r.error!.detail}`.slice(0, 500) });
      results.push(r);
    }
  }
  return results;
}

/** dd/MM/yyyy (as ampliarPlazoOE answers) as YYYY-MM-DD; undefined when it is not such a date. */
export function isoDateOf(ddmmyyyy: string | undefined): string | undefined {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(ddmmyyyy ?? '');
  if (!m) return undefined;
  const iso = `${m[3]}-${m[2]}-${m[1]}`;
  // Date rolls 31/02 over to March: only a real calendar date comes back as itself.
  const t = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === iso ? iso : undefined;
}

/** Extend the expiry of every open envío by `days` (`ampliarPlazoOE`); Notific@'s new date is recorded per envío. */
export async function extendNotification(deps: ActionDeps, key: ApiKeyRow, id: string, days: number, reason: string): Promise<EnvioResult[]> {
  const tenant = key.tenant;
  const { open } = await openEnvios(deps, key, id);
  let answers;
  try {
    answers = await ampliarPlazoOE(deps.access.caller, { organismo: open[0].organismo, identificadores: open.map((e) => e.identificador), days, motivo: reason }, deps.access.keyFor(tenant));
  } catch (err) {
    const r = failed(open[0], err);
    await deps.journal.notifica.note(id, { event: 'notifica-extend-failed', outcome: 'error', code: r.error!.code, detail: `extension by ${days} day(s) failed: ${r.error!.detail}`.slice(0, 500) });
    throw err;
  }
  const results: EnvioResult[] = [];
  for (const e of open) {
    const a = answers.find((x) => x.identificador === e.identificador);
    const expiresOn = isoDateOf(a?.fechaCaducidad);
    if (a?.ok && expiresOn) {
      await deps.journal.notifica.setExpiry(e.identificador, expiresOn, `expiry of envío ${e.identificador} extended by ${days} day(s), to ${expiresOn}`);
      results.push({ identificador: e.identificador, recipient: e.recipientIndex + 1, ok: true, state: e.state, expiresOn });
    } else {
      const detail = a?.error ?? 'Notific@ gave no result for this envío';
      await deps.journal.notifica.note(id, { event: 'notifica-extend-refused', outcome: 'error', code: Errors.NOTIFICA_REJECTED.code, detail: `extension of envío ${e.identificador} refused: ${detail}`.slice(0, 500) });
      results.push({ identificador: e.identificador, recipient: e.recipientIndex + 1, ok: false, state: e.state, error: { code: Errors.NOTIFICA_REJECTED.code, detail } });
    }
  }
  return results;
}
