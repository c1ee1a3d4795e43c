/**
 * Plain-text output of the admin commands: tables padded by hand, durations, compact JSON and a
 * progress bar. No colors and no terminal library, so the output reads the same in a pipe, a
 * log file and a terminal. Everything here is a pure function except {@link createProgressWriter}.
 */

export type Cell = string | number | boolean | null | undefined;

/** A column: its title, and the width past which its cells are cut short with `…`. */
export interface Column {
  title: string;
  max?: number;
}

/** Shown for a value that is null or missing. */
export const NONE = '—';
const DEFAULT_MAX = 40;
const GAP = '  ';

/** A cell as one line of text: null → `—`, white space (new lines too) folded to single spaces. */
export function cellText(value: Cell): string {
  if (value === null || value === undefined) return NONE;
  const text = String(value).replace(/\s+/g, ' ').trim();
  return text === '' ? NONE : text;
}

/** `text` cut to `max` characters, the last one `…` when anything was cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : text.slice(0, Math.max(0, max - 1)) + '…';
}

/**
 * A table: a title row, then one row each, columns left-aligned and two spaces apart; the last
 * column is not padded (no trailing blanks). No rows: the title row and `(none)`.
 */
export function table(columns: (string | Column)[], rows: Cell[][]): string {
  const cols = columns.map((c) => (typeof c === 'string' ? { title: c } : c));
  const cells = rows.map((row) => cols.map((c, i) => truncate(cellText(row[i]), c.max ?? DEFAULT_MAX)));
  const widths = cols.map((c, i) => Math.max(c.title.length, ...cells.map((r) => r[i].length)));
  const line = (r: string[]) => r.map((t, i) => (i === r.length - 1 ? t : t.padEnd(widths[i]))).join(GAP) + '\n';
  return line(cols.map((c) => c.title)) + (cells.length === 0 ? '(none)\n' : cells.map(line).join(''));
}

/** `key: value` lines with the values aligned, null values as `—`. */
export function keyValues(pairs: [string, Cell][], indent = ''): string {
  const width = Math.max(0, ...pairs.map(([k]) => k.length + 1));
  return pairs.map(([k, v]) => `${indent}${(k + ':').padEnd(width)} ${cellText(v)}\n`).join('');
}

const UNITS: [string, number][] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000]];

/**
 * A duration in its two largest units: `850ms`, `42s`, `3m 12s`, `2h 5m`, `4d 1h`.
 * Rounded down, so a duration is never shown longer than it was; negative counts as 0.
 */
export function duration(ms: number): string {
  const total = Math.max(0, Math.floor(ms));
  if (total < 1000) return `${total}ms`;
  const i = UNITS.findIndex(([, size]) => total >= size);
  const [unit, size] = UNITS[i];
  const first = `${Math.floor(total / size)}${unit}`;
  if (i === UNITS.length - 1) return first;
  const [nextUnit, nextSize] = UNITS[i + 1];
  const rest = Math.floor((total % size) / nextSize);
  return rest === 0 ? first : `${first} ${rest}${nextUnit}`;
}

/** How long ago an ISO timestamp was, as a {@link duration}; `—` when it is not a time. */
export function age(iso: string | null | undefined, now: number = Date.now()): string {
  const at = iso ? Date.parse(iso) : NaN;
  return Number.isNaN(at) ? NONE : duration(now - at);
}

/** An ISO timestamp without its fraction of a second (`2026-01-01T10:00:03Z`); other text as it is. */
export function timestamp(iso: string | null | undefined): string | null {
  if (!iso) return null;
  return iso.replace(/\.\d+(?=Z$|[+-]\d\d:\d\d$)/, '');
}

/**
 * JSON printed compactly: a value that fits in `width` on one line stays on one line; a larger
 * object or array puts each member on its own line, indented, and so on inwards.
 */
export function compactJson(value: unknown, width = 100, indent = ''): string {
  const flat = JSON.stringify(value) ?? 'null';
  if (indent.length + flat.length <= width || value === null || typeof value !== 'object') return flat;
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    return `[\n${value.map((v) => inner + compactJson(v, width, inner)).join(',\n')}\n${indent}]`;
  }
  const members = Object.entries(value).filter(([, v]) => v !== undefined);
  return `{\n${members.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${compactJson(v, width, inner)}`).join(',\n')}\n${indent}}`;
}

/** `[#########-----------] 45% 9000/20000`: `done` of `total`, in a bar `width` characters wide. */
export function progressBar(done: number, total: number, width = 30): string {
  const filled = share(done, total, width);
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${share(done, total, 100)}% ${done}/${total}`;
}

/**
 * `done/total` of `scale`, rounded down (100% only once everything is done), multiplied before
 * dividing so that 29/100 is 29 and not 28.999…. Nothing to do counts as all done; more than the
 * total (a count that raced ahead) as all of it.
 */
function share(done: number, total: number, scale: number): number {
  if (total <= 0) return scale;
  return Math.floor((Math.min(Math.max(done, 0), total) * scale) / total);
}

/** Where progress goes: process.stderr, or a fake in a test. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface ProgressWriter {
  update(done: number, total: number): void;
  /** Ends the bar's line on a terminal; call it once, when the work is over. */
  finish(): void;
}

/**
 * Progress of a bulk replay on `stream`. On a terminal the bar is redrawn in place (`\r`); in a
 * pipe or a log, where `\r` would pile up, a line is written each time another `everyPercent`
 * is reached (and for the first update), never the same step twice.
 */
export function createProgressWriter(stream: ProgressStream, opts: { width?: number; everyPercent?: number } = {}): ProgressWriter {
  const width = opts.width ?? 30;
  const every = opts.everyPercent ?? 10;
  let lastStep = -1;
  let drawnLength = 0;
  return {
    update(done, total) {
      const bar = progressBar(done, total, width);
      if (stream.isTTY) {
        stream.write(`\r${bar.padEnd(drawnLength)}`);
        drawnLength = bar.length;
        return;
      }
      const step = Math.floor(share(done, total, 100) / every);
      if (step > lastStep) stream.write(`${bar}\n`);
      lastStep = Math.max(lastStep, step);
    },
    finish() {
      if (stream.isTTY && drawnLength > 0) stream.write('\n');
      drawnLength = 0;
    },
  };
}
