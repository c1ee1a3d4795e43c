import { sql, type Kysely, type Transaction } from 'kysely';
import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { Errors, PasarelaError } from '../core/errors';
import { toJournalError } from './driver-errors';
import type { ApiKeyGrants, ApiKeyRow, ExchangeDirection, ExchangeFacts, ExchangeMove, ExchangeRow, Hop, HopInput, Journal, MessageFacts, MessageRow, MessageStatus, NewExchange, NewMessage, ParkedRow, ParkInput, TransitionOptions } from './journal';
import { clearIdempotencyKey, countStatuses, selectByIdempotencyKey, selectStale } from './message-queries';
import { insertExchange, moveExchangeIn, selectExchange, selectExchangeFichero, selectExchanges, selectExchangesFor, selectExchangesOf, updateExchange } from './exchanges';
import { createGroupCommitter } from './group-commit';
import { migrateToLatest } from './migrations';
import { listParkedRows, parkMessage, selectParked } from './parking';
import { API_KEY_COLUMNS, apiKeyGrantValues, insertMessageIn, isoNow, toApiKey, toHop, toMessageRow } from './rows';
import type { DialectKind, JournalDatabase } from './tables';
import { applyTransition } from './transition';
import { KyselyOperations } from './kysely-operations';
import type { OperationsStore } from './operations';
import { KyselyNotifica } from './kysely-notifica';
import { enviosOfIn } from './notifica-apply';
import type { NotificaStore } from './notifica';
import { KyselyExpedientes } from './kysely-expedientes';
import type { ExpedienteStore } from './expedientes';

export interface KyselyJournalOptions {
  kind: DialectKind;
  /** The journal URL with its password masked (see `loggableUrl`), for errors and logs. */
  url: string;
  logger: Logger;
}

/**
 * The one Journal implementation, on kysely, for SQLite and PostgreSQL alike. It owns `db` and
 * destroys it on `close()`. Driver errors leave through `toJournalError`: JOURNAL_CONFLICT,
 * JOURNAL_UNAVAILABLE (retryable), with the driver's error as `cause`.
 */
export class KyselyJournal implements Journal {
  readonly #db: Kysely<JournalDatabase>;
  readonly #opts: KyselyJournalOptions;
  #closing: Promise<void> | undefined;

  /** SQLite only: writes of one event-loop turn share a commit (./group-commit.ts). */
  readonly #grouped: ReturnType<typeof createGroupCommitter> | undefined;

  readonly operations: OperationsStore;
  readonly notifica: NotificaStore;
  readonly expedientes: ExpedienteStore;

  constructor(db: Kysely<JournalDatabase>, opts: KyselyJournalOptions) {
    this.#db = db;
    this.#opts = opts;
    this.#grouped = opts.kind === 'sqlite' ? createGroupCommitter(db) : undefined;
    const access = { db, kind: opts.kind, write: <T>(fn: (trx: Transaction<JournalDatabase>) => Promise<T>) => this.#write(fn), run: <T>(op: string, fn: () => Promise<T>) => this.#run(op, fn), snapshot: <T>(fn: (db: Kysely<JournalDatabase>) => Promise<T>) => this.#snapshot(fn) };
    this.operations = new KyselyOperations(access);
    this.notifica = new KyselyNotifica(access);
    this.expedientes = new KyselyExpedientes(access);
  }

  migrate(): Promise<void> {
    return this.#run('migrate', () => migrateToLatest(this.#db as unknown as Kysely<unknown>, this.#opts.kind, this.#opts.logger));
  }

  insertMessage(m: NewMessage): Promise<void> {
    return this.#run('insertMessage', () =>
      this.#write((trx) => insertMessageIn(trx, m)),
    );
  }

  moveExchangeWith(move: ExchangeMove, message: NewMessage): Promise<boolean> {
    return this.#run('moveExchangeWith', () =>
      this.#write(async (trx) => {
        const { direction, exchangeId, from, to, facts, hop } = move;
        await insertMessageIn(trx, message);
        // Not moved: throwing rolls the insertion back.
        if (!(await moveExchangeIn(trx, direction, exchangeId, from, to, facts, hop))) throw NOT_MOVED;
        return true;
      }).catch((e: unknown) => {
        if (e === NOT_MOVED) return false;
        throw e;
      }),
    );
  }

  transition(id: string, status: MessageStatus, hop: HopInput, opts: TransitionOptions = {}): Promise<boolean> {
    return this.#run('transition', () => this.#write((trx) => applyTransition(trx, id, status, hop, opts)));
  }

  park(p: ParkInput): Promise<{ parked: boolean; parkedId?: string }> {
    return this.#run('park', () => this.#write((trx) => parkMessage(trx, p)));
  }

  getParked(messageId: string): Promise<ParkedRow[]> {
    return this.#run('getParked', () => selectParked(this.#db, messageId));
  }

  listParked(opts?: { route?: string; limit?: number }): Promise<ParkedRow[]> {
    return this.#run('listParked', () => listParkedRows(this.#db, opts));
  }

  findByIdempotencyKey(tenant: string, key: string): Promise<MessageRow | undefined> {
    return this.#run('findByIdempotencyKey', () => selectByIdempotencyKey(this.#db, tenant, key));
  }

  releaseIdempotencyKey(id: string): Promise<boolean> {
    return this.#run('releaseIdempotencyKey', () => this.#write((trx) => clearIdempotencyKey(trx, id)));
  }

  listStale(status: 'received' | 'delivering', before: string, limit: number, route?: string): Promise<MessageRow[]> {
    return this.#run('listStale', () => selectStale(this.#db, status, before, limit, route));
  }

  countByStatus(filter?: { route?: string }): Promise<Partial<Record<MessageStatus, number>>> {
    return this.#run('countByStatus', () => countStatuses(this.#db, filter));
  }

  getMessage(id: string): Promise<MessageRow | undefined> {
    return this.#run('getMessage', async () => {
      const row = await this.#db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toMessageRow(row);
    });
  }

  getHistory(id: string): Promise<Hop[]> {
    return this.#run('getHistory', () => selectHistory(this.#db, id));
  }

  getMessageFacts(id: string): Promise<MessageFacts | undefined> {
    return this.#run('getMessageFacts', () => this.#snapshot(async (db) => {
      const row = await db.selectFrom('messages').selectAll().where('id', '=', id).executeTakeFirst();
      if (row === undefined) return undefined;
      const [history, exchanges, envios] = await Promise.all([selectHistory(db, id), selectExchangesOf(db, id), enviosOfIn(db, id)]);
      return { row: toMessageRow(row), history, exchanges, envios };
    }));
  }

  rememberSignature(key: string, expiresAt: Date): Promise<boolean> {
    return this.#run('rememberSignature', () =>
      this.#write(async (trx) => {
        await trx.deleteFrom('wssec_replay').where('expires_at', '<', isoNow()).execute();
        const result = await trx
          .insertInto('wssec_replay')
          .values({ key, expires_at: expiresAt.toISOString() })
          .onConflict((oc) => oc.column('key').doNothing())
          .executeTakeFirst();
        return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
      }),
    );
  }

  nextSequence(name: string): Promise<number> {
    return this.#run('nextSequence', async () => {
      // One statement, so it is atomic across connections and processes on both dialects.
      const row = await this.#write((trx) =>
        trx
          .insertInto('sequences')
          .values({ name, value: 1 })
          .onConflict((oc) => oc.column('name').doUpdateSet({ value: sql<number>`sequences.value + 1` }))
          .returning('value')
          .executeTakeFirstOrThrow(),
      );
      return Number(row.value);
    });
  }

  createApiKey(k: { tenant: string; name: string; hash: string; prefix: string } & ApiKeyGrants): Promise<ApiKeyRow> {
    return this.#run('createApiKey', async () => {
      const row = { id: uuidv7(), tenant: k.tenant, name: k.name, prefix: k.prefix, created_at: isoNow(), revoked_at: null, ...apiKeyGrantValues(k) };
      await this.#write((trx) => trx.insertInto('api_keys').values({ ...row, hash: k.hash }).execute());
      return toApiKey(row);
    });
  }

  findApiKeyByHash(hash: string): Promise<ApiKeyRow | undefined> {
    return this.#run('findApiKeyByHash', async () => {
      const row = await this.#db
        .selectFrom('api_keys')
        .select(API_KEY_COLUMNS)
        .where('hash', '=', hash)
        .where('revoked_at', 'is', null)
        .executeTakeFirst();
      return row === undefined ? undefined : toApiKey(row);
    });
  }

  /** See {@link Journal.listApiKeys}. */
  listApiKeys(tenant?: string): Promise<ApiKeyRow[]> {
    return this.#run('listApiKeys', async () => {
      let query = this.#db.selectFrom('api_keys').select(API_KEY_COLUMNS);
      if (tenant !== undefined) query = query.where('tenant', '=', tenant);
      const rows = await query.orderBy('created_at', 'asc').orderBy('id', 'asc').execute();
      return rows.map(toApiKey);
    });
  }

  /** See {@link Journal.revokeApiKey}. */
  revokeApiKey(id: string): Promise<boolean> {
    return this.#run('revokeApiKey', async () => {
      const result = await this.#write((trx) =>
        trx.updateTable('api_keys').set({ revoked_at: isoNow() }).where('id', '=', id).where('revoked_at', 'is', null).executeTakeFirst(),
      );
      return result.numUpdatedRows > 0n;
    });
  }

  openExchange(x: NewExchange): Promise<boolean> {
    return this.#run('openExchange', () => this.#write((trx) => insertExchange(trx, x)));
  }

  getExchangeFichero(direction: ExchangeDirection, exchangeId: string): Promise<string | undefined> {
    return this.#run('getExchangeFichero', () => selectExchangeFichero(this.#db, direction, exchangeId));
  }

  getExchange(direction: ExchangeDirection, exchangeId: string): Promise<ExchangeRow | undefined> {
    return this.#run('getExchange', () => selectExchange(this.#db, direction, exchangeId));
  }

  exchangesOf(messageId: string): Promise<ExchangeRow[]> {
    return this.#run('exchangesOf', () => selectExchangesOf(this.#db, messageId));
  }

  moveExchange(direction: ExchangeDirection, exchangeId: string, from: string, to: string, facts: ExchangeFacts, hop: HopInput): Promise<boolean> {
    return this.#run('moveExchange', () => updateExchange(this.#db, direction, exchangeId, from, to, facts, hop));
  }

  listExchangesFor(direction: ExchangeDirection, tenant: string, limit: number): Promise<ExchangeRow[]> {
    return this.#run('listExchangesFor', () => selectExchangesFor(this.#db, direction, tenant, limit));
  }

  listExchanges(direction: ExchangeDirection, state: string, before: string, limit: number): Promise<ExchangeRow[]> {
    return this.#run('listExchanges', () => selectExchanges(this.#db, direction, state, before, limit));
  }

  ping(): Promise<void> {
    return this.#run('ping', async () => {
      await sql`select 1`.execute(this.#db);
    });
  }

  close(): Promise<void> {
    // Shutdown must not fail on a pool that is already broken: log it and carry on.
    this.#closing ??= this.#db.destroy().catch((err: unknown) => {
      this.#opts.logger.warn({ err, url: this.#opts.url }, 'The journal did not close cleanly');
    });
    return this.#closing;
  }

  /**
   * Every write runs in a transaction, even a single statement: on SQLite that is what takes the
   * write lock without blocking the event loop (see ../sqlite.ts).
   */
  #write<T>(fn: (trx: Transaction<JournalDatabase>) => Promise<T>): Promise<T> {
    return this.#grouped ? this.#grouped(fn) : this.#db.transaction().execute(fn);
  }

  /**
   * Reads on one connection inside one read transaction: REPEATABLE READ on PostgreSQL (one
   * snapshot for every statement), a deferred BEGIN on SQLite (WAL: the snapshot of the first
   * read), never the IMMEDIATE write lock our SQLite transactions take. Rolled back: it wrote nothing.
   */
  #snapshot<T>(fn: (db: Kysely<JournalDatabase>) => Promise<T>): Promise<T> {
    const begin = this.#opts.kind === 'postgres' ? 'begin isolation level repeatable read read only' : 'begin deferred';
    return this.#db.connection().execute(async (conn) => {
      await sql.raw(begin).execute(conn);
      try {
        return await fn(conn);
      } finally {
        await sql.raw('rollback').execute(conn);
      }
    });
  }

  async #run<T>(operation: string, fn: () => Promise<T>): Promise<T> {
    const { kind, url } = this.#opts;
    if (this.#closing !== undefined) {
      throw new PasarelaError(Errors.JOURNAL_UNAVAILABLE, `The journal at ${url} is closed (${operation})`, { details: { operation, url } });
    }
    try {
      return await fn();
    } catch (e) {
      throw toJournalError(e, { kind, operation, url });
    }
  }
}

const NOT_MOVED = Symbol('exchange not moved');

async function selectHistory(db: Kysely<JournalDatabase>, id: string): Promise<Hop[]> {
  const rows = await db.selectFrom('hops').select(['at', 'event', 'status', 'attempt', 'outcome', 'code', 'detail']).where('message_id', '=', id).orderBy('id', 'asc').execute();
  return rows.map(toHop);
}

