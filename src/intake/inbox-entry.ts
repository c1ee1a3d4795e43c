import { Errors, PasarelaError } from '../core/errors';
import type { ExchangeRow, Journal, MessageRow } from '../journal/journal';

export interface InboxEntry {
  row: MessageRow;
  exchange: ExchangeRow;
}

/** An entry of `tenant`'s inbox, or INTAKE_NOT_FOUND (another tenant's entry looks missing too). */
export async function findInboxEntry(journal: Journal, id: string, tenant: string): Promise<InboxEntry> {
  const row = await journal.getMessage(id);
  const exchange = row ? (await journal.exchangesOf(row.id)).find((x) => x.direction === 'incoming') : undefined;
  if (!row || !exchange || row.tenant !== tenant) throw new PasarelaError(Errors.INTAKE_NOT_FOUND, 'No such inbox entry');
  return { row, exchange };
}

/** INTAKE_VALIDATION_FAILED for one field of an inbox action's body. */
export function badInboxInput(action: string, pointer: string, message: string): PasarelaError {
  return new PasarelaError(Errors.INTAKE_VALIDATION_FAILED, `The ${action} is not valid: ${message}`, { problems: [{ pointer, code: 'INVALID', message }] });
}
