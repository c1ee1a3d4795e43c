import type { ChannelModel } from 'amqplib';
import type { Logger } from 'pino';
import { Errors, PasarelaError } from '../core/errors';

/**
 * Ready messages of each queue, in order, by passive declare on one short-lived channel.
 * BUS_UNREACHABLE naming the queue when one cannot be read (gone, or the connection is).
 */
export async function readyCounts(model: ChannelModel, queues: string[], logger: Logger): Promise<number[]> {
  let ch;
  try {
    ch = await model.createChannel();
  } catch (err) {
    throw new PasarelaError(Errors.BUS_UNREACHABLE, `Could not open a channel to read queue depths`, { cause: err });
  }
  ch.on('error', (err: Error) => logger.debug({ err: err.message }, 'Queue depth channel error'));
  const counts: number[] = [];
  try {
    for (const queue of queues) {
      try {
        counts.push((await ch.checkQueue(queue)).messageCount);
      } catch (err) {
        throw new PasarelaError(Errors.BUS_UNREACHABLE, `Could not read the depth of ${queue}`, { cause: err, details: { queue } });
      }
    }
    return counts;
  } finally {
    await ch.close().catch(() => undefined);
  }
}
