import amqplib from 'amqplib';
import { randomBytes } from 'node:crypto';

export interface RateResult {
  count: number;
  seconds: number;
  perSecond: number;
}

/**
 * The ceiling for intake: raw amqplib publishing 1 KB persistent messages with publisher
 * confirms to a quorum queue, `window` publishes in flight at once (as many as the HTTP clients
 * of the end-to-end run), each awaited individually like intake does.
 */
export async function rawConfirmedPublish(url: string, count: number, window: number, bytes = 1024): Promise<RateResult> {
  const conn = await amqplib.connect(url);
  const ch = await conn.createConfirmChannel();
  const queue = `bench-baseline-${randomBytes(4).toString('hex')}`;
  await ch.assertQueue(queue, { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  const body = Buffer.alloc(bytes, 'x');
  const publishOne = () =>
    new Promise<void>((resolve, reject) =>
      ch.publish('', queue, body, { persistent: true, mandatory: true }, (err) => (err ? reject(err) : resolve())),
    );
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: window }, async () => {
      while (next < count) {
        next++;
        await publishOne();
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  await ch.deleteQueue(queue);
  await conn.close();
  return { count, seconds, perSecond: count / seconds };
}
