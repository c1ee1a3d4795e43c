import type { Channel, ChannelModel } from 'amqplib';
import type { Logger } from 'pino';
import { Errors, isPasarelaError, PasarelaError } from '../core/errors';
import type { QueueDecl, TopologyStep } from './topology';

const PRECONDITION_FAILED = 406;
const NOT_FOUND = 404;

/**
 * Run the steps in order. A failing step closes its channel on the broker side, so the error
 * names the step and keeps the broker's reason as `cause`; setup then fails and recovery
 * retries. The exception: a queue that exists with other arguments (406, e.g. declared by an
 * older version) is replaced when that loses nothing (`replaceIfEmpty`).
 */
export async function declareTopology(model: ChannelModel, steps: TopologyStep[], logger: Logger): Promise<void> {
  let ch = await openChannel(model, logger);
  try {
    for (const step of steps) {
      try {
        await step.run(ch);
      } catch (err) {
        if (!step.queue || codeOf(err) !== PRECONDITION_FAILED) throw stepFailed(step.name, err);
        // The 406 closed the channel: the replacement and the steps after it use fresh ones.
        await replaceIfEmpty(() => openChannel(model, logger), step.queue, logger);
        ch = await openChannel(model, logger);
      }
      logger.debug({ step: step.name }, 'Topology step done');
    }
  } finally {
    await ch.close().catch(() => undefined);
  }
}

/**
 * Delete a queue that exists with other arguments and declare it again, only if it holds no
 * message and has no consumer; otherwise fail with BUS_UNREACHABLE saying how to migrate, and
 * touch nothing. Quorum queues refuse `queue.delete` with if-empty (540, and it closes the
 * whole connection), so the check is: empty -> unbind (nothing new routes in) -> still empty
 * -> delete. A publisher addressing the queue by name through the default exchange in that
 * last round trip is the one race left; the delete reports it and we log it loudly.
 */
async function replaceIfEmpty(open: () => Promise<Channel>, decl: QueueDecl, logger: Logger): Promise<void> {
  const ch = await open();
  try {
    if (!(await inspect(ch, decl))) return await redeclare(open, decl);
    if (decl.binding) await ch.unbindQueue(decl.queue, decl.binding.exchange, decl.binding.routingKey);
    try {
      if (!(await inspect(ch, decl))) return await redeclare(open, decl);
    } catch (err) {
      if (decl.binding) await ch.bindQueue(decl.queue, decl.binding.exchange, decl.binding.routingKey);
      throw err;
    }
    const { messageCount } = await ch.deleteQueue(decl.queue);
    if (messageCount > 0) {
      logger.error({ queue: decl.queue, messageCount }, 'Messages reached a queue between its last check and its deletion during an upgrade; they are lost');
    }
    await ch.assertQueue(decl.queue, { durable: true, arguments: decl.arguments });
    logger.warn({ queue: decl.queue }, 'Upgraded a queue declared with other arguments (e.g. by an older version): it was empty, so it was deleted and declared again');
  } catch (err) {
    if (isPasarelaError(err)) throw err;
    throw stepFailed(`upgrade queue ${decl.queue}`, err);
  } finally {
    await ch.close().catch(() => undefined);
  }
}

/**
 * True when the queue exists, empty and unused; false when it is gone (another process just
 * replaced it; the 404 closed `ch`). Throws BUS_UNREACHABLE when replacing it could lose
 * messages or cut off consumers.
 */
async function inspect(ch: Channel, decl: QueueDecl): Promise<boolean> {
  let found: { messageCount: number; consumerCount: number };
  try {
    found = await ch.checkQueue(decl.queue);
  } catch (err) {
    if (codeOf(err) === NOT_FOUND) return false;
    throw err;
  }
  if (found.messageCount === 0 && found.consumerCount === 0) return true;
  const { queue } = decl;
  throw new PasarelaError(
    Errors.BUS_UNREACHABLE,
    `Queue ${queue} exists with other arguments than this version declares (declared by an older version?) ` +
      `and holds ${found.messageCount} message(s) with ${found.consumerCount} consumer(s); it was left untouched. ` +
      `To migrate: stop the older workers, then either let an older worker drain ${queue}, or move its messages ` +
      `to a temporary queue with a shovel; delete ${queue}, start this version (it declares ${queue} anew), ` +
      `and shovel the messages back to it.`,
    { details: { queue, messageCount: found.messageCount, consumerCount: found.consumerCount } },
  );
}

async function redeclare(open: () => Promise<Channel>, decl: QueueDecl): Promise<void> {
  const ch = await open();
  try {
    await ch.assertQueue(decl.queue, { durable: true, arguments: decl.arguments });
  } finally {
    await ch.close().catch(() => undefined);
  }
}

async function openChannel(model: ChannelModel, logger: Logger): Promise<Channel> {
  const ch = await model.createChannel();
  // Refused declarations arrive here as well as in the rejected call; the call reports them.
  ch.on('error', (err: Error) => logger.debug({ err: err.message }, 'Topology channel error'));
  return ch;
}

function codeOf(err: unknown): unknown {
  return typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
}

function stepFailed(step: string, err: unknown): PasarelaError {
  const reason = err instanceof Error ? err.message : String(err);
  return new PasarelaError(Errors.BUS_UNREACHABLE, `Topology step "${step}" failed: ${reason}`, { cause: err, details: { step } });
}
