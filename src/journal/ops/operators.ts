import type { Kysely, Selectable } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { OperatorRole, OperatorRow } from '../operations';
import { isoNow } from '../rows';
import type { JournalDatabase, OperatorsTable } from '../tables';

type Db = Kysely<JournalDatabase>;

/** Every column but the hash, which never leaves the journal. */
const COLUMNS = ['id', 'name', 'role', 'prefix', 'created_at', 'revoked_at'] as const;

function toOperator(r: Omit<Selectable<OperatorsTable>, 'hash'>): OperatorRow {
  return { id: r.id, name: r.name, role: r.role as OperatorRole, prefix: r.prefix, createdAt: r.created_at, revokedAt: r.revoked_at };
}

export async function insertOperator(db: Db, o: { name: string; role: OperatorRole; hash: string; prefix: string }): Promise<OperatorRow> {
  const row = { id: uuidv7(), name: o.name, role: o.role, prefix: o.prefix, created_at: isoNow(), revoked_at: null };
  await db.insertInto('operators').values({ ...row, hash: o.hash }).execute();
  return toOperator(row);
}

export async function selectOperatorByHash(db: Db, hash: string): Promise<OperatorRow | undefined> {
  const row = await db.selectFrom('operators').select(COLUMNS).where('hash', '=', hash).where('revoked_at', 'is', null).executeTakeFirst();
  return row && toOperator(row);
}

export async function selectOperators(db: Db): Promise<OperatorRow[]> {
  const rows = await db.selectFrom('operators').select(COLUMNS).orderBy('created_at', 'asc').orderBy('id', 'asc').execute();
  return rows.map(toOperator);
}

export async function markOperatorRevoked(db: Db, id: string): Promise<boolean> {
  const result = await db.updateTable('operators').set({ revoked_at: isoNow() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
