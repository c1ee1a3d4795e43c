import path from 'node:path';
import Database from 'better-sqlite3';
import { CompiledQuery, Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely';
import { Pool } from 'pg';
import { createJournal } from '../src/journal';
import type { DialectKind, JournalDatabase } from '../src/journal/tables';
import { benchDatabase, type BenchWorld } from './environment';
import { secondsSince } from './samples';

/**
 * Issue 7's search over a journal of `count` messages, seeded with set-based SQL through the
 * journal's own (migrated) schema: a message row inserted one by one would take an hour. Row
 * values are functions of a counter n, so every column is realistic but nothing is stored twice.
 */
const BASE_MS = Date.UTC(2026, 0, 5);
/** ~30 days of traffic for a million messages: one every 2.6 s, strictly increasing. */
const STEP_MS = 2592;
const CHUNK = 100_000;

/** The few expressions that differ between the dialects; the row template is shared. */
interface SqlDialect {
  hex(e: string, width: number): string;
  dec(e: string, width: number): string;
  iso(ms: string): string;
  counter(from: number, to: number): { with: string; from: string };
}

const DIALECTS: Record<DialectKind, SqlDialect> = {
  sqlite: {
    hex: (e, w) => `printf('%0${w}x', ${e})`,
    dec: (e, w) => `printf('%0${w}d', ${e})`,
    iso: (ms) => `(strftime('%Y-%m-%dT%H:%M:%S', (${ms}) / 1000, 'unixepoch') || printf('.%03dZ', (${ms}) % 1000))`,
    counter: (a, b) => ({ with: `with recursive s(n) as (select ${a} union all select n + 1 from s where n < ${b}) `, from: 's' }),
  },
  postgres: {
    hex: (e, w) => `lpad(to_hex(${e}), ${w}, '0')`,
    dec: (e, w) => `lpad((${e})::text, ${w}, '0')`,
    iso: (ms) => `to_char(timestamp 'epoch' + (${ms}) * interval '1 millisecond', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
    counter: (a, b) => ({ with: '', from: `generate_series(${a}::bigint, ${b}::bigint) as s(n)` }),
  },
};

/** A UUIDv7-shaped id whose 48-bit time prefix grows with n, so ids sort in insertion order. */
function idOf(d: SqlDialect, n: string): string {
  const ts = `(${BASE_MS} + (${n}) * ${STEP_MS})`;
  return `${d.hex(`${ts} >> 16`, 8)} || '-' || ${d.hex(`${ts} & 65535`, 4)} || '-7' || ${d.hex(`(${n}) & 4095`, 3)}` +
    ` || '-8' || ${d.hex(`((${n}) * 40503) & 4095`, 3)} || '-' || ${d.hex(`((${n}) * 2654435761) % 4294967296`, 8)} || ${d.hex(`((${n}) * 283515) & 65535`, 4)}`;
}

/** Per n: id, ts, tenant (100 DIR3-like codes) and correlation id (2% share their group's first message's). */
function generated(d: SqlDialect, from: number, to: number, where = ''): string {
  const c = d.counter(from, to);
  return `${c.with}select n, ${BASE_MS} + n * ${STEP_MS} as ts, ${idOf(d, 'n')} as id,
      'L01' || ${d.dec(`280000 + ((n * 37) % 100) * 131`, 6)} as tenant, ${d.dec('1000 + (n * 37) % 100', 4)} as office,
      case when n % 100 in (11, 12) then ${idOf(d, 'n - n % 100 + 10')} else ${idOf(d, 'n')} end as corr
    from ${c.from} ${where}`;
}

/** Mostly delivered; 2% parked, 1% each received and queued, spread over the whole month. */
function messagesInsert(d: SqlDialect, from: number, to: number): string {
  const created = d.iso('ts');
  const envelope = `'{"id":"' || id || '","type":"registry-entry","schemaVersion":1,"tenant":"' || tenant ||
    '","source":{"system":"sicres","adapter":"registry-entry"},"correlationId":"' || corr || '","causationId":null,"occurredAt":"' ||
    ${created} || '","receivedAt":"' || ${created} || '","idempotencyKey":null,"payload":{}}'`;
  return `insert into messages (id, tenant, type, route, status, correlation_id, registry_number, exchange_id, idempotency_key,
      request_hash, attempts, created_at, updated_at, envelope, replay_of)
    select id, tenant, 'registry-entry', 'registry-entry-to-sir',
      case (n * 7919) % 100 when 0 then 'parked' when 1 then 'parked' when 2 then 'received' when 3 then 'queued' else 'delivered' end,
      corr, 'DIPJ-E-2026-' || ${d.dec('n', 7)}, 'O0000' || office || '_26_' || ${d.dec('n', 8)}, null, null, 1,
      ${created}, ${d.iso(`ts + 1500 + (n % 7) * 211`)}, ${envelope}, null
    from (${generated(d, from, to)}) g`;
}

/** 1% of the messages have their outgoing SIR exchange, confirmed with the destination's registry number. */
function exchangesInsert(d: SqlDialect, from: number, to: number): string {
  return `insert into sir_exchanges (direction, exchange_id, message_id, tenant, state, registry_number, registry_date, resends, created_at, updated_at)
    select 'outgoing', 'O0000' || office || '_26_' || ${d.dec('n', 8)}, id, tenant, 'confirmed', 'REGAGE26e' || ${d.dec('n', 8)},
      ${d.iso('ts + 60000')}, 0, ${d.iso('ts')}, ${d.iso('ts + 60000')}
    from (${generated(d, from, to, 'where n % 100 = 50')}) g`;
}

/** A connection of the bench's own on the migrated journal: seeding, sampling keys and EXPLAIN. */
export interface RawDb {
  kind: DialectKind;
  db: Kysely<JournalDatabase>;
  /** The statements kysely ran while `capturing` is set, as compiled (SQL and parameters). */
  captured: CompiledQuery[];
  capturing: boolean;
}

function openRaw(kind: DialectKind, url: string): RawDb {
  const raw: RawDb = { kind, db: undefined as unknown as Kysely<JournalDatabase>, captured: [], capturing: false };
  const dialect = kind === 'sqlite'
    ? new SqliteDialect({ database: new Database(url.slice('sqlite:'.length)) })
    : new PostgresDialect({ pool: new Pool({ connectionString: url, max: 1 }) });
  raw.db = new Kysely<JournalDatabase>({
    dialect,
    log: (e) => { if (raw.capturing && e.level === 'query') raw.captured.push(e.query); },
  });
  return raw;
}

/** Seed `count` messages in chunks (one statement each), then give the planner statistics. */
async function seed(raw: RawDb, count: number): Promise<{ seedSeconds: number; analyzeSeconds: number }> {
  const d = DIALECTS[raw.kind];
  // Only this seeding connection: a big cache keeps the eleven index B-trees in memory while they grow.
  if (raw.kind === 'sqlite') await sql`pragma cache_size = -524288`.execute(raw.db);
  const started = process.hrtime.bigint();
  for (let from = 1; from <= count; from += CHUNK) {
    const to = Math.min(count, from + CHUNK - 1);
    await sql.raw(messagesInsert(d, from, to)).execute(raw.db);
    await sql.raw(exchangesInsert(d, from, to)).execute(raw.db);
  }
  const seedSeconds = secondsSince(started);
  const analyzing = process.hrtime.bigint();
  // PostgreSQL: VACUUM too, as autovacuum would have by then (visibility map for index-only scans).
  await sql.raw(raw.kind === 'sqlite' ? 'analyze' : 'vacuum analyze messages, sir_exchanges').execute(raw.db);
  return { seedSeconds, analyzeSeconds: secondsSince(analyzing) };
}

/** The database's size on disk, in MiB. */
async function sizeMiB(raw: RawDb): Promise<number> {
  const q = raw.kind === 'sqlite'
    ? sql<{ b: number }>`select page_count * page_size as b from pragma_page_count(), pragma_page_size()`
    : sql<{ b: string }>`select pg_database_size(current_database()) as b`;
  const { rows } = await q.execute(raw.db);
  return Number(rows[0].b) / 2 ** 20;
}

export interface SeededJournal {
  kind: DialectKind;
  url: string;
  raw: RawDb;
  count: number;
  seedSeconds: number;
  analyzeSeconds: number;
  sizeMiB: number;
}

/** A migrated, seeded and analysed journal in `world` (its file or database goes with the world). */
export async function seededJournal(kind: DialectKind, world: BenchWorld, count: number): Promise<SeededJournal> {
  const url = kind === 'sqlite' ? `sqlite:${path.join(world.dir, 'search.db')}` : await benchDatabase(world);
  const migrator = createJournal(url);
  await migrator.migrate();
  await migrator.close();
  const raw = openRaw(kind, url);
  world.cleanup.add(`close the ${kind} seeding connection`, () => raw.db.destroy());
  const times = await seed(raw, count);
  return { kind, url, raw, count, ...times, sizeMiB: await sizeMiB(raw) };
}

/** One line of a plan: SQLite's EXPLAIN QUERY PLAN details, or PostgreSQL's plan nodes, joined by "; ". */
async function planLine(raw: RawDb, q: CompiledQuery): Promise<string> {
  const prefix = raw.kind === 'sqlite' ? 'explain query plan ' : 'explain (costs off) ';
  const { rows } = await raw.db.executeQuery<Record<string, string>>(CompiledQuery.raw(prefix + q.sql, [...q.parameters]));
  // SQLite: only the table accesses (the UNION's merge steps say nothing about indexes).
  if (raw.kind === 'sqlite') return rows.map((r) => r.detail).filter((l) => /^(SEARCH|SCAN) /.test(l)).join('; ');
  return rows.map((r) => r['QUERY PLAN'].trim().replace(/^->\s*/, '')).filter((l) => !/^(Index Cond|Filter|Sort Key|Group Key|Recheck Cond|Heap Blocks)/.test(l)).join('; ');
}

export interface Plan {
  query: string;
  line: string;
  /** A table or a whole index read: SQLite `SCAN messages…` / `SCAN sir_exchanges…`, PostgreSQL `Seq Scan`. */
  fullScan: boolean;
}

/** The plans of the statements `run` makes (as kysely compiled them, with real parameters), labelled in order. */
export async function statementPlans(raw: RawDb, run: (db: Kysely<JournalDatabase>) => Promise<unknown>, labels: string[]): Promise<Plan[]> {
  raw.captured.length = 0;
  raw.capturing = true;
  try {
    await run(raw.db);
  } finally {
    raw.capturing = false;
  }
  const plans: Plan[] = [];
  for (const [i, q] of raw.captured.entries()) {
    const line = await planLine(raw, q);
    plans.push({ query: labels[i] ?? `statement ${i + 1}`, line, fullScan: /\bSCAN (messages|sir_exchanges)\b|Seq Scan/.test(line) });
  }
  return plans;
}

/** Existing keys of each kind, drawn at random from the seeded journal (untimed), and keys that match nothing. */
export interface SearchKeys {
  messages: Array<{ id: string; registry: string; exchange: string; tenant: string }>;
  correlations: string[];
  destinations: string[];
  parked: string[];
  none: string[];
}

export async function sampleKeys(raw: RawDb, n: number, misses: number): Promise<SearchKeys> {
  const random = sql`random()`;
  const messages = await raw.db.selectFrom('messages').select(['id', 'registry_number', 'exchange_id', 'tenant']).orderBy(random).limit(n).execute();
  // Correlation ids that differ from the message id, i.e. shared by a group of three.
  const corr = await raw.db.selectFrom('messages').select('correlation_id').whereRef('correlation_id', '<>', 'id').orderBy(random).limit(n).execute();
  const dest = await raw.db.selectFrom('sir_exchanges').select('registry_number').orderBy(random).limit(n).execute();
  const parked = await raw.db.selectFrom('messages').select('registry_number').where('status', '=', 'parked').orderBy(random).limit(n).execute();
  const digits = (k: number, i: number): string => String((i * 7_654_321) % 10 ** k).padStart(k, '0');
  const shapes = [(i: number) => `DIPJ-E-2025-${digits(7, i)}`, (i: number) => `O00009999_25_${digits(8, i)}`, (i: number) => `REGAGE25e${digits(8, i)}`,
    (i: number) => `01ffffff-${digits(4, i)}-7000-8000-000000000000`];
  return {
    messages: messages.map((m) => ({ id: m.id, registry: m.registry_number ?? '', exchange: m.exchange_id ?? '', tenant: m.tenant })),
    correlations: corr.map((r) => r.correlation_id),
    destinations: dest.map((r) => r.registry_number ?? ''),
    parked: parked.map((r) => r.registry_number ?? ''),
    none: Array.from({ length: misses }, (_, i) => shapes[i % shapes.length](i + 1)),
  };
}
