import { Errors, PasarelaError } from '../../core/errors';
import type { Page } from '../operations';

/**
 * Pages are keyset-paginated on UUIDv7 ids, newest first: the cursor is the last id of a page,
 * base64url-encoded so clients treat it as opaque. A cursor that does not decode to an id is a
 * client error, never a full scan.
 */
export function cursorOf(id: string): string {
  return Buffer.from(id, 'utf8').toString('base64url');
}

export function afterCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!/^[0-9a-f-]{36}$/.test(id)) {
    throw new PasarelaError(Errors.ADMIN_BAD_REQUEST, 'The cursor is not one this API handed out', {
      problems: [{ pointer: '/query/cursor', code: 'INVALID_VALUE', message: 'not a cursor this API handed out' }],
    });
  }
  return id;
}

/** `rows` was fetched with limit + 1: the extra row only says there is a next page. */
export function pageOf<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  return { items, nextCursor: rows.length > limit ? cursorOf(items[items.length - 1].id) : null };
}
