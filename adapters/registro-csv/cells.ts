import { madridStamp } from '../../transforms/sicres3/dates';

/**
 * Cell readers. Each returns the value or a problem (code + message); messages never repeat the
 * cell, which may be citizen data.
 */
export type CellResult<T> = { value: T } | { code: string; message: string };

/** A cell with nothing in it (or only spaces): the field is absent. */
export function isBlank(cell: string): boolean {
  return /^ *$/.test(cell);
}

/**
 * Whether a cell would run as a formula when the file is opened in a spreadsheet. These values
 * are copied into official registry books, and registry books are exported to spreadsheets by
 * every office that receives them: `=HYPERLINK(...)` or `=cmd|' /C calc'!A0` in a summary or a
 * name would run on a civil servant's desktop (CSV injection, OWASP). The value is refused, never
 * rewritten: a registry must not record something the citizen did not send. A leading `+` or `-`
 * is allowed on a plain number or phone (`+34 600 000 000`, `-5`); leading spaces do not hide
 * a formula (some spreadsheets ignore them).
 */
export function looksLikeFormula(cell: string): boolean {
  if (cell.startsWith('\t') || cell.startsWith('\r')) return true;
  const s = cell.replace(/^ +/, '');
  if (s.startsWith('=') || s.startsWith('@')) return true;
  return (s.startsWith('+') || s.startsWith('-')) && !/^[+-][0-9 .,]*$/.test(s);
}

const TRUE = new Set(['true', '1', 'sí', 'si']);
const FALSE = new Set(['false', '0', 'no']);

/** `true`/`false`, `sí`/`si`/`no`, `1`/`0`, in any case. */
export function readBoolean(cell: string): CellResult<boolean> {
  const v = cell.trim().toLowerCase();
  if (TRUE.has(v)) return { value: true };
  if (FALSE.has(v)) return { value: false };
  return { code: 'CSV_BAD_BOOLEAN', message: 'must be true, false, sí, si, no, 1 or 0' };
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?(Z|[+-](\d{2}):(\d{2}))$/;
const SPANISH = /^(\d{1,2})\/(\d{1,2})\/(\d{4}) +(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const BAD_DATE = { code: 'CSV_BAD_DATE', message: 'must be a real date-time: 2026-03-05T10:15:30+01:00, or 05/03/2026 10:15[:30] in Madrid time' };

/**
 * A registry date-time: ISO 8601 with its offset (kept as written), or Spanish
 * `dd/mm/yyyy hh:mm[:ss]` read as Europe/Madrid wall-clock time and converted to ISO with the
 * offset in force on that day (+01:00 or +02:00).
 */
export function readDateTime(cell: string): CellResult<string> {
  const v = cell.trim();
  const iso = ISO.exec(v);
  if (iso) {
    const [y, mo, d, h, mi, s] = iso.slice(1, 7).map(Number);
    const offsetOk = iso[8] === 'Z' || (Number(iso[9]) < 24 && Number(iso[10]) < 60);
    return isRealDateTime(y, mo, d, h, mi, s) && offsetOk ? { value: v } : BAD_DATE;
  }
  const es = SPANISH.exec(v);
  if (!es) return BAD_DATE;
  const [d, mo, y, h, mi] = es.slice(1, 6).map(Number);
  const s = es[6] === undefined ? 0 : Number(es[6]);
  if (!isRealDateTime(y, mo, d, h, mi, s)) return BAD_DATE;
  const value = madridToIso(y, mo, d, h, mi, s);
  return value ? { value } : { code: 'CSV_BAD_DATE', message: 'does not exist in Madrid time (the clocks skip that hour when summer time starts)' };
}

function isRealDateTime(y: number, mo: number, d: number, h: number, mi: number, s: number): boolean {
  const probe = new Date(utcMs(y, mo, d, 0, 0, 0));
  const realDay = probe.getUTCFullYear() === y && probe.getUTCMonth() === mo - 1 && probe.getUTCDate() === d;
  // Madrid kept local mean time (an offset of minutes and seconds) until 1901.
  return y >= 1901 && realDay && h < 24 && mi < 60 && s < 60;
}

/** A wall-clock reading as if it were UTC, in ms (setUTCFullYear keeps years < 100 literal). */
function utcMs(y: number, mo: number, d: number, h: number, mi: number, s: number): number {
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  return date.getTime();
}

const DAY_MS = 86_400_000;

/** Madrid's wall clock at an instant, read as if it were UTC, in ms. */
function madridWallMs(instantMs: number): number {
  const p = madridStamp(new Date(instantMs));
  const n = (at: number, len: number) => Number(p.slice(at, at + len));
  return utcMs(n(0, 4), n(4, 2), n(6, 2), n(8, 2), n(10, 2), n(12, 2));
}

/**
 * Madrid wall-clock -> ISO instant. The candidate offsets are those in force a day before and a
 * day after; the first that reproduces the wall clock wins. In the hour that repeats when summer
 * time ends, the earlier instant (summer time) is taken, as `java.time` and Temporal's
 * `compatible` do; in the hour skipped when it starts, no offset fits and undefined is returned.
 */
function madridToIso(y: number, mo: number, d: number, h: number, mi: number, s: number): string | undefined {
  const wall = utcMs(y, mo, d, h, mi, s);
  const offsets = [...new Set([wall - DAY_MS, wall + DAY_MS].map((t) => madridWallMs(t) - t))].sort((a, b) => b - a);
  const offset = offsets.find((off) => madridWallMs(wall - off) === wall);
  if (offset === undefined) return undefined;
  return `${new Date(wall).toISOString().slice(0, 19)}${formatOffset(offset)}`;
}

function formatOffset(ms: number): string {
  const minutes = Math.abs(ms) / 60_000;
  const hh = String(Math.floor(minutes / 60)).padStart(2, '0');
  const mm = String(minutes % 60).padStart(2, '0');
  return `${ms < 0 ? '-' : '+'}${hh}:${mm}`;
}
