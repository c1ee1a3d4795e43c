/**
 * SICRES 3 dates: `yyyyMMddHHmmss`, wall-clock time in Europe/Madrid (reference §3, §9: the
 * zone is not stated by the standard; both implementations use Spanish local time).
 */
const MADRID = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Madrid', year: 'numeric', month: '2-digit', day: '2-digit',
  hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});

/** `instant` as Madrid `yyyyMMddHHmmss`. */
export function madridStamp(instant: Date): string {
  const p: Record<string, string> = {};
  for (const part of MADRID.formatToParts(instant)) p[part.type] = part.value;
  return `${p.year.padStart(4, '0')}${p.month}${p.day}${p.hour}${p.minute}${p.second}`;
}

/** Whether `value` is exactly 14 digits naming a real calendar date and time of day. */
export function isSicresDateTime(value: string): boolean {
  if (!/^\d{14}$/.test(value)) return false;
  const [y, mo, d, h, mi, s] = [0, 4, 6, 8, 10, 12].map((at, i) => Number(value.slice(at, at + (i === 0 ? 4 : 2))));
  const probe = new Date(Date.UTC(y, mo - 1, d));
  const realDay = y >= 1 && probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
  return realDay && h < 24 && mi < 60 && s < 60;
}
