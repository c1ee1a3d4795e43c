import { Errors, PasarelaError } from '../core/errors';
import type { RegistryEntry } from '../core/registry-entry';
import type { Journal } from '../journal/journal';

const yearInMadrid = new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/Madrid', year: '2-digit' });

/**
 * Give the entry its `Identificador_Intercambio` when the municipality did not:
 * `<starting office>_<yy>_<8-digit sequence>` (sir-sicres3.md §9). The sequence lives in the
 * journal, one per office and year, so an id is never reused across restarts or workers.
 * It is assigned once, at intake, so every retry re-sends the same id.
 */
export async function assignExchangeId(journal: Journal, entry: RegistryEntry, now: Date): Promise<void> {
  const office = entry.origin.office;
  if (entry.control.exchangeId) {
    if (!entry.control.exchangeId.startsWith(office + '_')) {
      throw new PasarelaError(Errors.INTAKE_VALIDATION_FAILED, 'The exchange id must start with the origin office', {
        problems: [{ pointer: '/control/exchangeId', code: 'EXCHANGE_ID_OFFICE_MISMATCH', message: 'must start with origin.office followed by _' }],
      });
    }
    return;
  }
  const yy = yearInMadrid.format(now);
  const seq = await journal.nextSequence(`exchange-id:${office}:${yy}`);
  if (seq > 99_999_999) throw new PasarelaError(Errors.INTAKE_UNAVAILABLE, `The exchange id sequence of ${office} is exhausted for 20${yy}`);
  entry.control.exchangeId = `${office}_${yy}_${String(seq).padStart(8, '0')}`;
}
