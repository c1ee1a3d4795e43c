import { TENANT_SCOPES } from '../../../src/core/scopes';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { validate as isUuid, version as uuidVersion } from 'uuid';
import { createEnvelope, type Envelope } from '../../../src/core/envelope';
import { isPasarelaError, type PasarelaError } from '../../../src/core/errors';
import { createJournal } from '../../../src/journal';
import type { Journal } from '../../../src/journal/journal';
import { createTestDatabase } from '../../helpers/postgres';

interface Store {
  url: string;
  dispose(): Promise<void>;
}

interface Backend {
  /** A fresh, empty store for this backend. */
  fresh(): Promise<Store>;
  /** A URL of this kind that cannot be reached. */
  unreachableUrl(): Promise<string>;
}

const tempDirs: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'pasarela-journal-'));
  tempDirs.push(dir);
  return dir;
}
afterAll(() => tempDirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

const sqlite: Backend = {
  fresh: async () => ({ url: `sqlite:${path.join(tempDir(), 'journal.db')}`, dispose: async () => undefined }),
  unreachableUrl: async () => {
    // A regular file where the journal's folder should be: the folder can never be created.
    const blocker = path.join(tempDir(), 'not-a-folder');
    writeFileSync(blocker, 'x');
    return `sqlite:${path.join(blocker, 'journal.db')}`;
  },
};

const postgres: Backend = {
  fresh: async () => {
    const db = await createTestDatabase();
    return { url: db.url, dispose: db.drop };
  },
  unreachableUrl: async () => `postgres://postgres:hunter2@127.0.0.1:${await closedPort()}/pasarela`,
};

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function envelope(overrides: Partial<Envelope> = {}): Envelope {
  const e = createEnvelope({
    type: 'registry-entry',
    schemaVersion: 1,
    tenant: 'L01280796',
    source: { system: 'registro-municipal', adapter: 'json@1' },
    // Unique per tenant since migration 004: every envelope gets its own key.
    idempotencyKey: `municipal-key-${randomUUID()}`,
    payload: {
      subject: 'Solicitud de licencia de obra — Ñandú "entre comillas" \u2028 𝄞',
      amounts: [1, 2.5, 1e21, -3],
      nested: { empty: {}, list: [], nil: null, flag: true, text: '<xml attr="1">&amp;</xml>' },
    },
  });
  return { ...e, ...overrides };
}

async function rejection(p: Promise<unknown>): Promise<PasarelaError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  if (!isPasarelaError(e)) throw new Error(`expected a PasarelaError, got ${String(e)}`);
  return e;
}

const ISO_MS = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

describe.each([
  ['SQLite', sqlite],
  ['PostgreSQL', postgres],
])('the %s journal', (_name, backend) => {
  let store: Store;
  let journal: Journal;
  const extra: Array<{ journal: Journal; store?: Store }> = [];

  beforeAll(async () => {
    store = await backend.fresh();
    journal = createJournal(store.url);
    await journal.migrate();
  });

  afterAll(async () => {
    for (const x of extra) {
      await x.journal.close();
      await x.store?.dispose();
    }
    await journal.close();
    await store.dispose();
  });

  function another(url: string, s?: Store): Journal {
    const j = createJournal(url);
    extra.push({ journal: j, store: s });
    return j;
  }

  it('migrates again without error when the schema is current', async () => {
    await expect(journal.migrate()).resolves.toBeUndefined();
    await expect(journal.migrate()).resolves.toBeUndefined();
  });

  it('lets two journals migrate the same fresh database at once', async () => {
    const s = await backend.fresh();
    const a = another(s.url, s);
    const b = another(s.url);
    await Promise.all([a.migrate(), b.migrate()]);
    const e = envelope();
    await a.insertMessage({ envelope: e, route: 'registry-entry-to-sir' });
    expect((await b.getMessage(e.id))?.envelope).toEqual(e);
  });

  it('returns an inserted message with its envelope exactly as written', async () => {
    const e = envelope();
    const requestHash = 'ab'.repeat(32);
    await journal.insertMessage({ envelope: e, route: 'registry-entry-to-sir', registryNumber: 'REG-2026-1', exchangeId: 'L01280796_26_00000001', requestHash });
    const row = await journal.getMessage(e.id);
    expect(row).toEqual({
      id: e.id,
      tenant: 'L01280796',
      type: 'registry-entry',
      route: 'registry-entry-to-sir',
      status: 'received',
      correlationId: e.correlationId,
      registryNumber: 'REG-2026-1',
      exchangeId: 'L01280796_26_00000001',
      idempotencyKey: e.idempotencyKey,
      requestHash,
      attempts: 0,
      replayOf: null,
      deliveryKey: e.id,
      createdAt: expect.stringMatching(ISO_MS),
      updatedAt: expect.stringMatching(ISO_MS),
      envelope: e,
    });
    expect(JSON.stringify(row?.envelope)).toBe(JSON.stringify(e));
    expect(row?.createdAt).toBe(row?.updatedAt);
  });

  it('records the first hop as received when a message is inserted', async () => {
    const e = envelope({ idempotencyKey: null });
    await journal.insertMessage({ envelope: e, route: 'r' });
    expect(await journal.getHistory(e.id)).toEqual([
      { at: expect.stringMatching(ISO_MS), event: 'received', status: 'received', attempt: 0, outcome: 'info', code: null, detail: null },
    ]);
    const row = await journal.getMessage(e.id);
    expect([row?.registryNumber, row?.exchangeId, row?.idempotencyKey, row?.requestHash]).toEqual([null, null, null, null]);
  });

  it('refuses a second message with the same id as a conflict and keeps the first', async () => {
    const e = envelope();
    await journal.insertMessage({ envelope: e, route: 'first' });
    const err = await rejection(journal.insertMessage({ envelope: e, route: 'second' }));
    expect(err.code).toBe('JOURNAL_CONFLICT');
    expect(err.cause).toBeDefined();
    expect((await journal.getMessage(e.id))?.route).toBe('first');
    expect(await journal.getHistory(e.id)).toHaveLength(1);
  });

  it('moves a message through its statuses and keeps the hops in order', async () => {
    const e = envelope();
    await journal.insertMessage({ envelope: e, route: 'registry-entry-to-sir' });
    await journal.transition(e.id, 'queued', { event: 'queued', outcome: 'info' });
    await journal.transition(e.id, 'delivering', { event: 'delivering', outcome: 'info', attempt: 1 });
    await journal.transition(e.id, 'delivered', { event: 'delivered', outcome: 'ok', attempt: 1, code: '00', detail: 'SIR accepted the fichero' });

    const row = await journal.getMessage(e.id);
    expect(row?.status).toBe('delivered');
    expect(row?.attempts).toBe(1);
    expect(row!.updatedAt >= row!.createdAt).toBe(true);
    const history = await journal.getHistory(e.id);
    expect(history.map((h) => [h.event, h.status, h.attempt, h.outcome])).toEqual([
      ['received', 'received', 0, 'info'],
      ['queued', 'queued', 0, 'info'],
      ['delivering', 'delivering', 1, 'info'],
      ['delivered', 'delivered', 1, 'ok'],
    ]);
    expect(history[1]).toMatchObject({ code: null, detail: null });
    expect(history[3]).toMatchObject({ code: '00', detail: 'SIR accepted the fichero' });
    expect(history.every((h) => ISO_MS.test(h.at))).toBe(true);
    expect([...history.map((h) => h.at)].sort()).toEqual(history.map((h) => h.at));
  });

  it('never lowers the attempt count when a later hop reports a smaller attempt', async () => {
    const e = envelope();
    await journal.insertMessage({ envelope: e, route: 'r' });
    await journal.transition(e.id, 'parked', { event: 'retrying', outcome: 'error', attempt: 3, code: 'CONNECTOR_TIMEOUT' });
    await journal.transition(e.id, 'queued', { event: 'replayed', outcome: 'info', attempt: 1 });
    expect((await journal.getMessage(e.id))?.attempts).toBe(3);
  });

  it('refuses a second message with the same Identificador_Intercambio as a conflict', async () => {
    const first = envelope();
    await journal.insertMessage({ envelope: first, route: 'r', exchangeId: 'O00009001_26_99999999' });
    const err = await rejection(journal.insertMessage({ envelope: envelope(), route: 'r', exchangeId: 'O00009001_26_99999999' }));
    expect(err.code).toBe('JOURNAL_CONFLICT');
    await journal.insertMessage({ envelope: envelope(), route: 'r', exchangeId: null });
    await journal.insertMessage({ envelope: envelope(), route: 'r', exchangeId: null });
  });

  it('remembers a signature once, reports its replay, and forgets it after it expires', async () => {
    const key = 'sig-' + envelope().id;
    const future = new Date(Date.now() + 60_000);
    expect(await journal.rememberSignature(key, future)).toBe(true);
    expect(await journal.rememberSignature(key, future)).toBe(false);
    const other = another(store.url);
    expect(await other.rememberSignature(key, future)).toBe(false);
    const shortLived = 'sig-short-' + envelope().id;
    expect(await journal.rememberSignature(shortLived, new Date(Date.now() - 1))).toBe(true);
    // The next call purges expired keys, so the same key is new again.
    expect(await journal.rememberSignature(shortLived, future)).toBe(true);
  });

  it('applies a guarded transition only from the listed statuses, keeping the hop either way', async () => {
    const e = envelope();
    await journal.insertMessage({ envelope: e, route: 'r' });
    expect(await journal.transition(e.id, 'delivering', { event: 'delivering', outcome: 'info', attempt: 1 })).toBe(true);
    // A late "queued" from intake must not move the message back from delivering.
    expect(await journal.transition(e.id, 'queued', { event: 'queued', outcome: 'ok' }, { from: ['received'] })).toBe(false);
    expect((await journal.getMessage(e.id))?.status).toBe('delivering');
    expect((await journal.getHistory(e.id)).map((h) => [h.event, h.status])).toEqual([
      ['received', 'received'],
      ['delivering', 'delivering'],
      ['queued', 'delivering'],
    ]);
    const f = envelope();
    await journal.insertMessage({ envelope: f, route: 'r' });
    expect(await journal.transition(f.id, 'queued', { event: 'queued', outcome: 'ok' }, { from: ['received'] })).toBe(true);
    expect((await journal.getMessage(f.id))?.status).toBe('queued');
  });

  it('rejects a transition of an unknown message as not found and records nothing', async () => {
    const id = envelope().id;
    const err = await rejection(journal.transition(id, 'queued', { event: 'queued', outcome: 'info' }));
    expect(err.code).toBe('JOURNAL_NOT_FOUND');
    expect(await journal.getHistory(id)).toEqual([]);
    expect(await journal.getMessage(id)).toBeUndefined();
  });

  it('hands out 200 distinct consecutive values to 200 concurrent callers', async () => {
    const values = await Promise.all(Array.from({ length: 200 }, () => journal.nextSequence('concurrent')));
    expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
  });

  it('keeps a sequence consecutive across two journals on the same database', async () => {
    const other = another(store.url);
    const calls = Array.from({ length: 200 }, (_, i) => (i % 2 === 0 ? journal : other).nextSequence('shared'));
    const values = await Promise.all(calls);
    expect([...values].sort((a, b) => a - b)).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(await journal.nextSequence('another-name')).toBe(1);
  });

  it('accepts interleaved writes from two journals on the same database', async () => {
    const other = another(store.url);
    const writes = Array.from({ length: 40 }, async (_, i) => {
      const e = envelope();
      await (i % 2 ? journal : other).insertMessage({ envelope: e, route: 'r' });
      await (i % 3 ? other : journal).transition(e.id, 'queued', { event: 'queued', outcome: 'info' });
      return e.id;
    });
    const ids = await Promise.all(writes);
    const histories = await Promise.all(ids.map((id) => journal.getHistory(id)));
    expect(histories.map((h) => h.map((x) => x.event))).toEqual(ids.map(() => ['received', 'queued']));
  });

  it("keeps a key's grants: scopes, offices, units, a fractional rate and a body limit", async () => {
    const tenant = `L1${Date.now()}`;
    const grants = { scopes: ['inbox:read'], offices: ['O00009001'], units: ['L02000023'], rateLimit: { perSecond: 0.5, burst: 2 }, maxBodyBytes: 4096 };
    const key = await journal.createApiKey({ tenant, name: 'narrow', hash: `${tenant}-g`.padEnd(64, '0'), prefix: 'psk_gh78', ...grants });
    expect(key).toMatchObject(grants);
    expect(await journal.findApiKeyByHash(`${tenant}-g`.padEnd(64, '0'))).toEqual(key);
  });

  it('creates, finds, lists and revokes API keys', async () => {
    const tenant = `L0${Date.now()}`;
    const key = await journal.createApiKey({ tenant, name: 'gestiona', hash: `${tenant}-a`.padEnd(64, '0'), prefix: 'psk_ab12' });
    expect(isUuid(key.id) && uuidVersion(key.id)).toBe(7);
    expect(key).toEqual({
      id: key.id, tenant, name: 'gestiona', prefix: 'psk_ab12', createdAt: expect.stringMatching(ISO_MS), revokedAt: null,
      scopes: [...TENANT_SCOPES], offices: null, units: null, rateLimit: null, maxBodyBytes: null,
    });
    const second = await journal.createApiKey({ tenant, name: 'portal', hash: `${tenant}-b`.padEnd(64, '0'), prefix: 'psk_cd34' });
    await journal.createApiKey({ tenant: `${tenant}-other`, name: 'x', hash: `${tenant}-c`.padEnd(64, '0'), prefix: 'psk_ef56' });

    expect(await journal.findApiKeyByHash(`${tenant}-a`.padEnd(64, '0'))).toEqual(key);
    expect(await journal.findApiKeyByHash('0'.repeat(64))).toBeUndefined();
    expect((await journal.listApiKeys(tenant)).map((k) => k.name)).toEqual(['gestiona', 'portal']);
    expect((await journal.listApiKeys()).length).toBeGreaterThanOrEqual(3);

    expect(await journal.revokeApiKey(second.id)).toBe(true);
    expect(await journal.revokeApiKey(second.id)).toBe(false);
    expect(await journal.revokeApiKey('00000000-0000-7000-8000-000000000000')).toBe(false);
    expect(await journal.findApiKeyByHash(`${tenant}-b`.padEnd(64, '0'))).toBeUndefined();
    const listed = await journal.listApiKeys(tenant);
    expect(listed.find((k) => k.id === second.id)?.revokedAt).toMatch(ISO_MS);
    expect(listed.find((k) => k.id === key.id)?.revokedAt).toBeNull();
  });

  it('refuses a second API key with the same hash as a conflict', async () => {
    const hash = `dup-${Date.now()}`.padEnd(64, 'f');
    await journal.createApiKey({ tenant: 'L01280796', name: 'one', hash, prefix: 'psk_1' });
    const err = await rejection(journal.createApiKey({ tenant: 'L01280796', name: 'two', hash, prefix: 'psk_2' }));
    expect(err.code).toBe('JOURNAL_CONFLICT');
  });

  it('answers a ping', async () => {
    await expect(journal.ping()).resolves.toBeUndefined();
  });

  it('closes idempotently and refuses work afterwards as unavailable', async () => {
    const j = createJournal(store.url);
    await j.ping();
    await j.close();
    await expect(j.close()).resolves.toBeUndefined();
    const err = await rejection(j.ping());
    expect(err.code).toBe('JOURNAL_UNAVAILABLE');
  });

  it('reports an unreachable store as retryable JOURNAL_UNAVAILABLE with the driver error as cause', async () => {
    const url = await backend.unreachableUrl();
    const j = another(url);
    const err = await rejection(j.ping());
    expect(err.code).toBe('JOURNAL_UNAVAILABLE');
    expect(err.retryable).toBe(true);
    // The driver's own error, kept as cause (a socket or file system code such as ECONNREFUSED).
    const causeCode = (err.cause as { code?: unknown } | undefined)?.code;
    expect(causeCode).toMatch(/^E[A-Z]+$/);
    expect(err.details.driverCode).toBe(causeCode);
    expect(err.message).not.toContain('hunter2');
  });
});

describe('the SQLite journal file', () => {
  it('is created with its folders and runs in WAL mode', async () => {
    const file = path.join(tempDir(), 'nested', 'deeper', 'journal.db');
    const journal = createJournal(`sqlite:${file}`);
    await journal.migrate();
    await journal.close();
    expect(existsSync(file)).toBe(true);
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    } finally {
      db.close();
    }
  });

  it('works in memory', async () => {
    const journal = createJournal('sqlite::memory:');
    await journal.migrate();
    expect(await journal.nextSequence('s')).toBe(1);
    await journal.close();
  });
});

describe('a journal URL in an unsupported form', () => {
  it('is refused as CONFIG_INVALID without showing the password', () => {
    let caught: unknown;
    try {
      createJournal('mysql://root:s3cr3t-pw@db.example:3306/pasarela');
    } catch (e) {
      caught = e;
    }
    expect(isPasarelaError(caught) && caught.code).toBe('CONFIG_INVALID');
    expect((caught as Error).message).not.toContain('s3cr3t-pw');
    expect((caught as Error).message).toContain('sqlite:<path>');
  });
});
