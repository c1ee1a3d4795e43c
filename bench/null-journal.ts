import { randomUUID } from 'node:crypto';
import { TENANT_SCOPES } from '../src/core/scopes';
import type { ApiKeyRow, Journal, MessageRow, MessageStatus, NewMessage } from '../src/journal/journal';

/**
 * A benchmark baseline, NOT a journal: it writes nothing anywhere. `insertMessage` keeps the row
 * in a Map so the worker's reads find it; every other write (`transition`, `park`, …) is a no-op
 * that reports success, and the row never changes. The only bookkeeping is a count of
 * `delivered` transitions, so the benchmark can tell when a drain is done. Running the pipeline
 * on it shows what the pipeline costs without journal writes; nothing survives a crash.
 */
export function createNullJournal(): Journal {
  const rows = new Map<string, MessageRow>();
  const keys = new Map<string, ApiKeyRow>();
  const sequences = new Map<string, number>();
  let delivered = 0;
  let parked = 0;
  return {
    // The pipeline never uses the operator store; a benchmark that touched it would fail loudly.
    operations: new Proxy({} as Journal['operations'], {
      get: (_t, name) => () => Promise.reject(new Error(`the null journal has no operations (${String(name)})`)),
    }),
    expedientes: new Proxy({} as Journal['expedientes'], {
      get: (_t, name) => () => Promise.reject(new Error(`the null journal has no expediente store (${String(name)})`)),
    }),
    notifica: new Proxy({} as Journal['notifica'], {
      get: (_t, name) => () => Promise.reject(new Error(`the null journal has no Notific@ store (${String(name)})`)),
    }),
    migrate: async () => undefined,
    async insertMessage(m: NewMessage) {
      const now = new Date().toISOString();
      const e = m.envelope;
      rows.set(e.id, {
        id: e.id, tenant: e.tenant, type: e.type, route: m.route, status: 'received', correlationId: e.correlationId,
        registryNumber: m.registryNumber ?? null, exchangeId: m.exchangeId ?? null, idempotencyKey: e.idempotencyKey ?? null,
        requestHash: m.requestHash ?? null, attempts: 0, createdAt: now, updatedAt: now, envelope: e, replayOf: null, deliveryKey: e.id,
      });
    },
    async transition(_id: string, status: MessageStatus) {
      if (status === 'delivered') delivered++;
      return true;
    },
    getMessage: async (id) => rows.get(id),
    getHistory: async () => [],
    getMessageFacts: async (id) => {
      const row = rows.get(id);
      return row && { row, history: [], exchanges: [], envios: [] };
    },
    async nextSequence(name) {
      const next = (sequences.get(name) ?? 0) + 1;
      sequences.set(name, next);
      return next;
    },
    async createApiKey(k) {
      const row: ApiKeyRow = { id: randomUUID(), tenant: k.tenant, name: k.name, prefix: k.prefix, createdAt: new Date().toISOString(), revokedAt: null,
        scopes: k.scopes ?? [...TENANT_SCOPES], offices: k.offices ?? null, units: k.units ?? null, rateLimit: k.rateLimit ?? null, maxBodyBytes: k.maxBodyBytes ?? null,
      };
      keys.set(k.hash, row);
      return row;
    },
    findApiKeyByHash: async (hash) => keys.get(hash),
    rememberSignature: async () => true,
    async park() {
      parked++;
      return { parked: true };
    },
    getParked: async () => [],
    listParked: async () => [],
    findByIdempotencyKey: async () => undefined,
    releaseIdempotencyKey: async () => false,
    listStale: async () => [],
    openExchange: async () => true,
    getExchange: async () => undefined,
    getExchangeFichero: async () => undefined,
    moveExchangeWith: async () => true,
    exchangesOf: async () => [],
    moveExchange: async () => true,
    listExchanges: async () => [],
    listExchangesFor: async () => [],
    countByStatus: async () => ({ delivered, parked, queued: rows.size - delivered - parked }),
    ping: async () => undefined,
    close: async () => undefined,
    listApiKeys: async () => [...keys.values()],
    revokeApiKey: async () => false,
  };
}
