import type { Logger } from 'pino';
import type { Bus } from '../bus/bus';
import type { Config } from '../config/types';
import type { RouteDefinition } from '../core/plugin';
import type { SchemaRegistry } from '../core/schemas';
import type { Journal } from '../journal/journal';
import type { ReplayMade } from '../journal/operations';
import { publishRecorded } from '../pipeline/enqueue';

/** What the admin API works with. Nothing here connects: the app hands in started parts. */
export interface AdminContext {
  journal: Journal;
  bus: Bus;
  schemas: SchemaRegistry;
  routes: readonly RouteDefinition[];
  config: Config;
  logger: Logger;
  /** Wakes the bulk replay runner when a job is created (it also polls). */
  kickReplays?: () => void;
}

/**
 * Put a replay on its route. The journal already holds it (`received`), so an unconfirmed publish
 * loses nothing: the route worker's stale-row recovery queues it (`kept`, shown as `received`).
 */
export async function publishReplay(ctx: Pick<AdminContext, 'journal' | 'bus' | 'logger'>, made: ReplayMade): Promise<'queued' | 'received'> {
  const outcome = await publishRecorded(ctx, made.envelope, made.route, `replay of ${made.originalId}`);
  return outcome === 'queued' ? 'queued' : 'received';
}
