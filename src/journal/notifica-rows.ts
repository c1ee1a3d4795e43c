import type { Selectable } from 'kysely';
import type { EnvioRow, Receptor, StateEvent } from './notifica';
import type { NotificaEnviosTable } from './tables';

export function toEnvio(r: Selectable<NotificaEnviosTable>): EnvioRow {
  return {
    identificador: r.identificador,
    messageId: r.message_id,
    tenant: r.tenant,
    recipientIndex: Number(r.recipient_index),
    recipients: Number(r.recipients),
    organismo: r.organismo,
    referencia: r.referencia,
    state: r.state,
    stateAt: r.state_at,
    final: Number(r.final) === 1,
    origin: r.origin,
    receptor: r.receptor === null ? null : (JSON.parse(r.receptor) as Receptor),
    certificate: r.acuse_sha256 === null ? null : { sha256: r.acuse_sha256, csv: r.acuse_csv, at: r.certified_at },
    expiresOn: r.expires_on,
    checkedAt: r.checked_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** A held event as stored: its acuse's bytes as base64 in the row, so a hold that runs out leaves nothing behind. */
export function heldEventText(e: StateEvent): string {
  const { acuse, ...rest } = e;
  return JSON.stringify(acuse ? { ...rest, acuse: { ...acuse, content: acuse.content?.toString('base64') } } : rest);
}

export function heldEvent(text: string): StateEvent {
  const e = JSON.parse(text) as StateEvent & { acuse?: { content?: string } };
  if (e.acuse?.content === undefined) return e as StateEvent;
  return { ...e, acuse: { ...e.acuse, content: Buffer.from(e.acuse.content, 'base64') } } as StateEvent;
}

/** What an envío's state hop says: which envío, which recipient, the state and where it came from. Never citizen data. */
export function stateDetail(envio: EnvioRow, e: StateEvent, late = false): string {
  const via = e.origin ? ` via ${e.origin}` : '';
  const how = e.source === 'poll' ? ' (polled)' : e.source === 'cancel' ? ' (our cancellation)' : '';
  const lateNote = late ? `; older than the current ${envio.state} (${envio.stateAt}), kept as history only` : '';
  return `envío ${envio.identificador} (recipient ${envio.recipientIndex + 1} of ${envio.recipients}): ${e.estado}${via} at ${e.at}${how}${lateNote}`;
}

/** States that end well for the sender; the other final ones are outcomes an operator may look at. */
const GOOD_FINAL = new Set(['notificada', 'leida']);

export function stateOutcome(e: StateEvent): 'ok' | 'error' | 'info' {
  if (!e.final) return 'info';
  if (GOOD_FINAL.has(e.estado)) return 'ok';
  return e.estado === 'anulada' ? 'info' : 'error';
}

/** The closing hop's detail: how the envíos ended, counted by state. */
export function closingDetail(states: readonly (string | null)[]): string {
  const counts = new Map<string, number>();
  for (const s of states) counts.set(s ?? '?', (counts.get(s ?? '?') ?? 0) + 1);
  const parts = [...counts].map(([s, n]) => `${n} ${s}`);
  return `every envío reached a final state: ${parts.join(', ')}`;
}
