import { toSicresDateTime } from './dates';

/**
 * SICRES 3.0 `yyyyMMddHHmmss` (Europe/Madrid wall-clock time, see `dates.ts`) -> canonical
 * RFC 3339 date-time. The result keeps the wall-clock digits as sent and states Madrid's offset
 * at that instant (`+01:00` CET or `+02:00` CEST), so it names the same instant the outbound
 * transform wrote, though not necessarily in the same spelling (`...Z` comes back as `+0x:00`).
 */

const WALL = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})$/;
const DAY_MS = 86_400_000;

/** Madrid wall-clock time of an instant, in ms as if it were UTC, or undefined off the calendar. */
function wallMs(instantMs: number): number | undefined {
  if (!Number.isFinite(instantMs) || Math.abs(instantMs) > 8.64e15) return undefined;
  const wall = toSicresDateTime(new Date(instantMs).toISOString());
  return wall === undefined ? undefined : asUtcMs(wall);
}

function asUtcMs(wall: string): number | undefined {
  const m = WALL.exec(wall);
  if (m === null) return undefined;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const date = new Date(0);
  date.setUTCFullYear(y, mo - 1, d);
  date.setUTCHours(h, mi, s, 0);
  // `Date` rolls hour 25 or 30 February over; a registry date must name a real wall-clock time.
  const same = date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d
    && date.getUTCHours() === h && date.getUTCMinutes() === mi && date.getUTCSeconds() === s;
  return same ? date.getTime() : undefined;
}

function formatOffset(offsetMs: number): string {
  const minutes = Math.round(offsetMs / 60_000);
  const abs = Math.abs(minutes);
  const sign = minutes < 0 ? '-' : '+';
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/**
 * Convert a SICRES date to RFC 3339 with Madrid's offset. Returns `undefined` when the text is
 * not 14 digits naming a real Madrid wall-clock time (bad day, month, hour, or a time skipped by
 * the spring change). In the autumn hour that happens twice the earlier instant (CEST) is
 * chosen: SICRES carries no offset to tell them apart.
 */
export function fromSicresDateTime(wall: string): string | undefined {
  const asUtc = asUtcMs(wall);
  if (asUtc === undefined) return undefined;
  const offsets = new Set<number>();
  for (const probe of [asUtc - DAY_MS, asUtc, asUtc + DAY_MS]) {
    const w = wallMs(probe);
    if (w !== undefined) offsets.add(w - probe);
  }
  // Largest offset first = earliest instant, for the repeated autumn hour.
  const offset = [...offsets].sort((a, b) => b - a).find((o) => wallMs(asUtc - o) === asUtc);
  if (offset === undefined) return undefined;
  const m = WALL.exec(wall) as RegExpExecArray;
  return `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${formatOffset(offset)}`;
}
