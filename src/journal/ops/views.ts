import { toEnvio } from '../notifica-rows';
import type { Kysely } from 'kysely';
import type { MessageStatus } from '../journal';
import type { Failures, InFlight, InFlightRow, MessageDetail } from '../operations';
import { selectExchangesOf } from '../exchanges';
import { selectParked } from '../parking';
import { toHop, toSummary } from '../rows';
import type { JournalDatabase } from '../tables';
import { isoInstant } from '../transition';
import { SUMMARY_COLUMNS } from './search';

/** One message with everything an operator needs to understand it, or undefined. */
export async function selectDetail(db: Kysely<JournalDatabase>, id: string): Promise<MessageDetail | undefined> {
  const row = await db.selectFrom('messages').select(SUMMARY_COLUMNS).where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const [hops, parked, exchanges, replays, envios] = await Promise.all([
    db.selectFrom('hops').select(['at', 'event', 'status', 'attempt', 'outcome', 'code', 'detail']).where('message_id', '=', id).orderBy('id', 'asc').execute(),
    selectParked(db, id),
    selectExchangesOf(db, id),
    db.selectFrom('messages').select(['id', 'status', 'created_at']).where('replay_of', '=', id).orderBy('id', 'asc').execute(),
    db.selectFrom('notifica_envios').selectAll().where('message_id', '=', id).orderBy('recipient_index', 'asc').execute(),
  ]);
  return {
    ...toSummary(row),
    history: hops.map(toHop),
    parked,
    exchanges,
    replays: replays.map((r) => ({ id: r.id, status: r.status as MessageStatus, createdAt: r.created_at })),
    envios: envios.map(toEnvio),
  };
}

/**
 * Parked messages grouped by route and the code they were parked with: the "what is failing
 * now" view. Only messages still parked count (a replayed or discarded one is dealt with).
 */
export async function selectFailures(db: Kysely<JournalDatabase>): Promise<Failures> {
  const groups = await db
    .selectFrom('parked_messages as p')
    .innerJoin('messages as m', 'm.id', 'p.message_id')
    .where('m.status', '=', 'parked')
    .select((eb) => [
      'p.route', 'p.code',
      // Messages, not evidence rows: a message parked, recovered and parked again counts once.
      eb.fn.count<number | string | bigint>('m.id').distinct().as('n'),
      eb.fn.min('p.parked_at').as('first'),
      eb.fn.max('p.parked_at').as('last'),
    ])
    .groupBy(['p.route', 'p.code'])
    .orderBy('last', 'desc')
    .execute();
  const withDetail = await Promise.all(groups.map(async (g) => {
    // The same rows as the group: evidence of messages still parked (not of replayed, discarded or undecodable ones).
    const latest = await db.selectFrom('parked_messages as p').innerJoin('messages as m', 'm.id', 'p.message_id').select('p.detail')
      .where('m.status', '=', 'parked').where('p.route', '=', g.route).where('p.code', '=', g.code)
      .orderBy('p.parked_at', 'desc').orderBy('p.id', 'desc').limit(1).executeTakeFirst();
    return { route: g.route, code: g.code, count: Number(g.n), firstSeenAt: String(g.first), lastSeenAt: String(g.last), lastDetail: latest?.detail ?? '' };
  }));
  const undecodable = await db.selectFrom('parked_messages').where('message_id', 'is', null)
    .select((eb) => [eb.fn.countAll<number | string | bigint>().as('n'), eb.fn.max('parked_at').as('last')]).executeTakeFirstOrThrow();
  // Counted apart: a message parked twice under two codes is in two groups but is one message.
  const parked = await db.selectFrom('messages').where('status', '=', 'parked').select((eb) => eb.fn.countAll<number | string | bigint>().as('n')).executeTakeFirstOrThrow();
  return {
    groups: withDetail,
    total: Number(parked.n),
    undecodable: { count: Number(undecodable.n), lastSeenAt: undecodable.last === null ? null : String(undecodable.last) },
  };
}

const MOVING: MessageStatus[] = ['received', 'queued', 'delivering'];

/** Messages being delivered now, and those with no change since `stuckBefore`; oldest first. */
export async function selectInFlight(db: Kysely<JournalDatabase>, stuckBefore: string, limit: number): Promise<InFlight> {
  const columns = ['id', 'route', 'tenant', 'status', 'attempts', 'updated_at'] as const;
  const [delivering, stuck] = await Promise.all([
    db.selectFrom('messages').select(columns).where('status', '=', 'delivering').orderBy('updated_at', 'asc').limit(limit).execute(),
    db.selectFrom('messages').select(columns).where('status', 'in', MOVING).where('updated_at', '<', isoInstant(stuckBefore))
      .orderBy('updated_at', 'asc').limit(limit).execute(),
  ]);
  const view = (r: (typeof delivering)[number]): InFlightRow => ({
    id: r.id, route: r.route, tenant: r.tenant, status: r.status as MessageStatus, attempt: Number(r.attempts), since: r.updated_at,
  });
  return { delivering: delivering.map(view), stuck: stuck.map(view) };
}
