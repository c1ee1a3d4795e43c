import { Errors, PasarelaError } from '../core/errors';
import type { ApiKeyRow, ExchangeRow, Journal, MessageRow } from '../journal/journal';
import { keyMaySee } from './auth';

export interface InboxEntry {
  row: MessageRow;
  exchange: ExchangeRow;
}

/**
 * An entry of the key's tenant's inbox, addressed to one of the key's offices (units) when it is
 * bound to some, or INTAKE_NOT_FOUND: an entry the key may not see looks missing, no oracle.
 */
export async function findInboxEntry(journal: Journal, id: string, key: ApiKeyRow): Promise<InboxEntry> {
  const row = await journal.getMessage(id);
  const exchange = row ? (await journal.exchangesOf(row.id)).find((x) => x.direction === 'incoming') : undefined;
  if (!row || !exchange || row.tenant !== key.tenant || !keyMaySee(key, row.envelope.payload, 'destination')) {
    throw new PasarelaError(Errors.INTAKE_NOT_FOUND, 'No such inbox entry');
  }
  return { row, exchange };
}

/** INTAKE_VALIDATION_FAILED for one field of an inbox action's body. */
export function badInboxInput(action: string, pointer: string, message: string): PasarelaError {
  return new PasarelaError(Errors.INTAKE_VALIDATION_FAILED, `The ${action} is not valid: ${message}`, { problems: [{ pointer, code: 'INVALID', message }] });
}
