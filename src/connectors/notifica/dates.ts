import { fromSicresDateTime } from '../../../transforms/sicres3/from-dates';

/**
 * Notific@'s dates (fechaEstado, datado/fecha, fechaCertificacion) as ISO-8601 UTC instants.
 * Only the xs:dateTime shape is read (`Date.parse` would take "1" or "March 7"); a date-time
 * without an offset is Spanish wall-clock time (Europe/Madrid), as notib reads it on its servers.
 */
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})?$/;

export function notificaInstant(text: string): string | undefined {
  const m = DATE_TIME.exec(text.trim());
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s, fraction, offset] = m;
  const withOffset = offset ?? fromSicresDateTime(`${y}${mo}${d}${h}${mi}${s}`)?.slice(19);
  if (withOffset === undefined) return undefined;
  const ms = Date.parse(`${y}-${mo}-${d}T${h}:${mi}:${s}${(fraction ?? '').slice(0, 4)}${withOffset}`);
  if (Number.isNaN(ms)) return undefined;
  // A Madrid wall-clock time was checked by fromSicresDateTime; with an offset, Date.parse may roll 30 February over.
  return offset === undefined || sameDay(ms, withOffset, `${y}-${mo}-${d}`) ? new Date(ms).toISOString() : undefined;
}

/** Whether the instant, seen at `offset`, falls on `day` (YYYY-MM-DD). */
function sameDay(ms: number, offset: string, day: string): boolean {
  if (offset === 'Z') return new Date(ms).toISOString().slice(0, 10) === day;
  const sign = offset[0] === '-' ? -1 : 1;
  const shift = sign * (Number(offset.slice(1, 3)) * 60 + Number(offset.slice(4, 6))) * 60_000;
  return new Date(ms + shift).toISOString().slice(0, 10) === day;
}
