/**
 * SICRES 3.0 dates are `yyyyMMddHHmmss` strings without a zone. The standard does not name one;
 * both reference implementations write the server's local time, which for Spanish registries is
 * Europe/Madrid (reference/sir-sicres3.md §3, marked UNCONFIRMED), so canonical instants are
 * converted to Madrid wall-clock time, CET or CEST as the date requires.
 */
const MADRID = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Madrid',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
  hourCycle: 'h23',
});

// An ISO 8601 date-time that states its offset; a zone-less value would be read in the host's
// zone, which would make the transform depend on where it runs.
const ISO_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** `Date` rolls 2024-02-30 over to March; a registry date must name a real day. */
function isCalendarDate(iso: string): boolean {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  const probe = new Date(Date.UTC(y, m - 1, d));
  return probe.getUTCFullYear() === y && probe.getUTCMonth() === m - 1 && probe.getUTCDate() === d;
}

/**
 * Convert an ISO 8601 instant (with offset) to Madrid local `yyyyMMddHHmmss`.
 * Returns `undefined` when the input is not such an instant.
 */
export function toSicresDateTime(iso: string): string | undefined {
  if (!ISO_WITH_OFFSET.test(iso)) return undefined;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime()) || !isCalendarDate(iso)) return undefined;
  return madridStamp(date);
}

/** `instant` as Madrid wall-clock `yyyyMMddHHmmss`: the one formatter every SICRES date goes through. */
export function madridStamp(instant: Date): string {
  const p: Record<string, string> = {};
  for (const part of MADRID.formatToParts(instant)) p[part.type] = part.value;
  return `${p.year.padStart(4, '0')}${p.month}${p.day}${p.hour}${p.minute}${p.second}`;
}

/** Whether `value` is exactly 14 digits naming a real calendar date and time of day (no 31st of April, no hour 24). */
export function isSicresDateTime(value: string): boolean {
  if (!/^\d{14}$/.test(value)) return false;
  const [y, mo, d, h, mi, s] = [0, 4, 6, 8, 10, 12].map((at, i) => Number(value.slice(at, at + (i === 0 ? 4 : 2))));
  const probe = new Date(Date.UTC(y, mo - 1, d));
  const realDay = y >= 1 && probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
  return realDay && h < 24 && mi < 60 && s < 60;
}
