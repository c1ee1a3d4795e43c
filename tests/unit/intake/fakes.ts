import { TENANT_SCOPES } from '../../../src/core/scopes';
import type { Bus } from '../../../src/bus/bus';
import type { Envelope } from '../../../src/core/envelope';
import { Errors, PasarelaError } from '../../../src/core/errors';
import type { ApiKeyRow, HopInput, Journal, MessageFacts, MessageRow, MessageStatus, NewMessage } from '../../../src/journal/journal';

/**
 * The part of the Journal intake uses, in memory, with the idempotency contract of the real one:
 * a duplicate (tenant, idempotencyKey) -> JOURNAL_CONFLICT; `releaseIdempotencyKey` frees the key
 * of a `rejected` message only. Integration tests run the real journal.
 */
export class FakeJournal {
  readonly rows = new Map<string, MessageRow>();
  readonly released: string[] = [];
  /** Sequence numbers (exchange ids) drawn so far. */
  drawn = 0;

  constructor(private readonly apiKey: ApiKeyRow) {}

  asJournal(): Journal {
    return this as unknown as Journal;
  }
  async findApiKeyByHash(): Promise<ApiKeyRow | undefined> {
    return this.apiKey;
  }
  async nextSequence(): Promise<number> {
    return ++this.drawn;
  }
  async ping(): Promise<void> {}
  async insertMessage(m: NewMessage): Promise<void> {
    const e = m.envelope;
    const taken = [...this.rows.values()].some((r) => r.tenant === e.tenant && e.idempotencyKey !== null && r.idempotencyKey === e.idempotencyKey);
    if (taken || this.rows.has(e.id)) throw new PasarelaError(Errors.JOURNAL_CONFLICT);
    this.rows.set(e.id, this.row(m));
  }
  async transition(id: string, status: MessageStatus, _hop: HopInput, opts: { from?: MessageStatus[] } = {}): Promise<boolean> {
    const row = this.rows.get(id);
    if (!row) throw new PasarelaError(Errors.JOURNAL_NOT_FOUND);
    if (opts.from && !opts.from.includes(row.status)) return false;
    row.status = status;
    return true;
  }
  async getMessage(id: string): Promise<MessageRow | undefined> {
    return this.rows.get(id);
  }
  async getMessageFacts(id: string): Promise<MessageFacts | undefined> {
    const row = this.rows.get(id);
    return row && { row, history: [], exchanges: [], envios: [] };
  }
  async findByIdempotencyKey(tenant: string, key: string): Promise<MessageRow | undefined> {
    return [...this.rows.values()].find((r) => r.tenant === tenant && r.idempotencyKey === key);
  }
  async releaseIdempotencyKey(id: string): Promise<boolean> {
    const row = this.rows.get(id);
    if (!row || row.status !== 'rejected' || row.idempotencyKey === null) return false;
    row.idempotencyKey = null;
    this.released.push(id);
    return true;
  }

  private row(m: NewMessage): MessageRow {
    const e = m.envelope;
    const now = new Date().toISOString();
    return {
      id: e.id, tenant: e.tenant, type: e.type, route: m.route, status: 'received', correlationId: e.correlationId,
      registryNumber: m.registryNumber ?? null, exchangeId: m.exchangeId ?? null, idempotencyKey: e.idempotencyKey,
      requestHash: m.requestHash ?? null, attempts: 0, createdAt: now, updatedAt: now, envelope: e, replayOf: null, deliveryKey: e.id,
    };
  }
}

/** A bus whose publishes are recorded, or refused while `down`; depths per route as given. */
export class FakeBus {
  readonly published: Envelope[] = [];
  down = false;
  depths: Record<string, () => Promise<{ work: number; retry: number; dead: number }>> = {};

  asBus(): Bus {
    return this as unknown as Bus;
  }
  /** Runs before a publish resolves or fails: a test can play a worker that already took it. */
  beforeAnswer?: (envelope: Envelope) => void;
  async publish(envelope: Envelope): Promise<void> {
    this.beforeAnswer?.(envelope);
    if (this.down) throw new PasarelaError(Errors.BUS_UNREACHABLE);
    this.published.push(envelope);
  }
  isConnected(): boolean {
    return !this.down;
  }
  async queueDepths(route: string): Promise<{ work: number; retry: number; dead: number }> {
    const depth = this.depths[route];
    if (!depth) throw new PasarelaError(Errors.BUS_UNREACHABLE);
    return depth();
  }
}

export const TEST_KEY: ApiKeyRow = {
  id: 'key-1', tenant: 'L02000023', name: 'test', prefix: 'psk_abcdef', createdAt: '2026-01-01T00:00:00.000Z', revokedAt: null,
  scopes: [...TENANT_SCOPES], offices: null, units: null, rateLimit: null, maxBodyBytes: null,
};
