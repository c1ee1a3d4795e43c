import { Errors, PasarelaError } from '../core/errors';
import type { RegistryEntry } from '../core/registry-entry';
import type { Journal } from '../journal/journal';

/** Sequence part of the placeholder id used for dry runs; never handed out (sequences start at 1). */
export const PLACEHOLDER_SEQUENCE = '00000000';

const yearInMadrid = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Madrid', year: '2-digit' });

/**
 * Give the entry its `Identificador_Intercambio` (a municipality may not choose it):
 * `<starting office>_<yy>_<8-digit sequence>` (sir-sicres3.md §9). The sequence lives in the
 * journal, one per office and year, so an id is never reused across restarts or workers.
 * It is assigned once, at intake, so every retry re-sends the same id.
 */
export async function assignExchangeId(journal: Journal, entry: RegistryEntry, now: Date): Promise<void> {
  const office = entry.origin.office;
  refuseClientExchangeId(entry);
  const yy = yearInMadrid.format(now);
  const seq = await journal.nextSequence(`exchange-id:${office}:${yy}`);
  if (seq > 99_999_999) throw new PasarelaError(Errors.INTAKE_UNAVAILABLE, `The exchange id sequence of ${office} is exhausted for 20${yy}`);
  entry.control.exchangeId = `${office}_${yy}_${String(seq).padStart(8, '0')}`;
}

/**
 * Ids come from one sequence per office; an id chosen by a client could collide with one
 * pasarela hands out later, and SIR would refuse that other entry as a duplicate.
 */
export function refuseClientExchangeId(entry: RegistryEntry): void {
  if (!entry.control.exchangeId) return;
  throw new PasarelaError(Errors.INTAKE_VALIDATION_FAILED, 'The Identificador_Intercambio is assigned by pasarela', {
    problems: [{ pointer: '/control/exchangeId', code: 'EXCHANGE_ID_ASSIGNED_BY_PASARELA', message: 'leave it out: pasarela assigns it' }],
  });
}
