/**
 * Dates as Notific@ writes them: xs:dateTime with the Europe/Madrid offset for states and
 * creation, YYYY-MM-DD for caducidad (opcionesRemesa), dd/MM/yyyy for ampliarPlazoOE's
 * fechaCaducidad (reference §2.6: notib parses it so).
 */

const madrid = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'Europe/Madrid', hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit',
});

function madridParts(d: Date): Record<string, string> {
  return Object.fromEntries(madrid.formatToParts(d).map((p) => [p.type, p.value]));
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** `2025-06-03T09:41:12+02:00`: the instant in Madrid's wall-clock time, seconds precision. */
export function madridDateTime(d: Date): string {
  const p = madridParts(d);
  const wall = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
  const offsetMin = Math.round((wall - Math.floor(d.getTime() / 1000) * 1000) / 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}:${p.second}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

/** `2025-06-03`: the day in Madrid. */
export function madridDate(d: Date): string {
  const p = madridParts(d);
  return `${p.year}-${p.month}-${p.day}`;
}

const YMD = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Whether `text` is a real calendar day written YYYY-MM-DD. */
export function isYmd(text: string): boolean {
  const m = YMD.exec(text);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** A YYYY-MM-DD day plus `days` (calendar arithmetic, no time zone involved). */
export function addDays(ymd: string, days: number): string {
  const [y, m, d] = ymd.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** YYYY-MM-DD to dd/MM/yyyy. */
export function toDdMmYyyy(ymd: string): string {
  const [y, m, d] = ymd.split('-');
  return `${d}/${m}/${y}`;
}

/** Whether `text` reads as an xs:dateTime (time zone optional). */
export function isDateTime(text: string): boolean {
  return /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.test(text) && isYmd(text.slice(0, 10));
}
