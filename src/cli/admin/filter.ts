/**
 * The `--filter` of `pasarela replay`: `field=value` items separated by commas, e.g.
 * `status=parked,route=registry-entry-to-sir,from=2026-01-01T00:00:00Z`. The fields are the
 * ones `GET /admin/v1/messages` filters on; the values are the server's to judge (it answers
 * with a problem naming a bad one), this parser only makes sure each item says what it means.
 * A bulk replay acts on every message the filter matches, so anything doubtful is refused
 * rather than guessed: an unknown field, an item without `=`, an empty value or item, a field
 * given twice.
 */

export const FILTER_FIELDS = ['status', 'route', 'tenant', 'type', 'from', 'to', 'q'] as const;
export type FilterField = (typeof FILTER_FIELDS)[number];
export type AdminFilter = Partial<Record<FilterField, string>>;

/** A `--filter` that cannot be read; the message says which item and why. */
export class FilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FilterError';
  }
}

const ALLOWED = `allowed fields: ${FILTER_FIELDS.join(', ')}`;

function isField(name: string): name is FilterField {
  return (FILTER_FIELDS as readonly string[]).includes(name);
}

/** Reads a `--filter` text; throws a {@link FilterError} when any item is doubtful. */
export function parseFilter(text: string): AdminFilter {
  if (text.trim() === '') throw new FilterError(`the filter is empty; give field=value items separated by commas (${ALLOWED})`);
  const filter: AdminFilter = {};
  for (const raw of text.split(',')) {
    const item = raw.trim();
    if (item === '') throw new FilterError(`the filter ${JSON.stringify(text)} has an empty item (two commas in a row, or one at an end)`);
    const eq = item.indexOf('=');
    if (eq < 0) throw new FilterError(`the filter item ${JSON.stringify(item)} has no "=": write field=value (${ALLOWED})`);
    const name = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    if (!isField(name)) throw new FilterError(`the filter field ${JSON.stringify(name)} is not known (${ALLOWED})`);
    if (value === '') throw new FilterError(`the filter field ${name} has no value`);
    if (filter[name] !== undefined) throw new FilterError(`the filter field ${name} is given twice`);
    filter[name] = value;
  }
  return filter;
}

/** A filter (as the server echoes it) written back as `--filter` text, known fields first. */
export function formatFilter(filter: Record<string, unknown> | null | undefined): string {
  if (!filter) return '';
  const rank = (f: string) => (isField(f) ? FILTER_FIELDS.indexOf(f) : FILTER_FIELDS.length);
  return Object.keys(filter)
    .filter((f) => filter[f] !== undefined && filter[f] !== null)
    .sort((a, b) => rank(a) - rank(b))
    .map((f) => `${f}=${String(filter[f])}`)
    .join(',');
}
