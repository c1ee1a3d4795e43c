import type { FastifyInstance } from 'fastify';
import type { ExchangeRow, Journal, MessageRow } from '../journal/journal';
import { keyMaySee } from './auth';
import { findInboxEntry } from './inbox-entry';

const LIMIT = 100;

function summary(x: ExchangeRow, m: MessageRow | undefined) {
  const entry = m?.envelope.payload as { origin?: { office?: string; registryNumber?: string }; subject?: { summary?: string } } | undefined;
  return {
    id: x.messageId,
    exchangeId: x.exchangeId,
    state: x.state,
    from: entry?.origin?.office ?? null,
    originRegistryNumber: entry?.origin?.registryNumber ?? null,
    summary: entry?.subject?.summary ?? null,
    receivedAt: x.createdAt,
    updatedAt: x.updatedAt,
  };
}

/**
 * A municipality's inbox: the registry entries SIR brought to its offices (WS_SIR8_B), newest
 * first. `GET /v1/inbox` lists them; `GET /v1/inbox/{id}` returns one with its annexes (the
 * canonical entry). Registered inside the authenticated `/v1` scope: a tenant sees only its own.
 */
export function registerInbox(v1: FastifyInstance, journal: Journal): void {
  v1.get('/v1/inbox', async (req) => {
    const key = req.apiKey!;
    const exchanges = await journal.listExchangesFor('incoming', key.tenant, LIMIT);
    const rows = await Promise.all(exchanges.map((x) => (x.messageId ? journal.getMessage(x.messageId) : Promise.resolve(undefined))));
    // A key bound to some offices (units) lists only the entries addressed to them.
    return { items: exchanges.flatMap((x, i) => (keyMaySee(key, rows[i]?.envelope.payload, 'destination') ? [summary(x, rows[i])] : [])) };
  });
  v1.get<{ Params: { id: string } }>('/v1/inbox/:id', async (req) => {
    const { row, exchange } = await findInboxEntry(journal, req.params.id, req.apiKey!);
    return { ...summary(exchange, row), entry: row.envelope.payload };
  });
}
