import amqplib from 'amqplib';
import net from 'node:net';
import { loggableUrl } from '../../core/loggable-url';

/** Fail early, with a sentence a newcomer can act on, when RabbitMQ is not there. */
export async function checkBroker(url: string): Promise<string | undefined> {
  try {
    const conn = await amqplib.connect(url, { timeout: 3000 });
    await conn.close();
    return undefined;
  } catch (e) {
    return (
      `RabbitMQ is not reachable at ${loggableUrl(url)} (${(e as Error).message}).\n` +
      'Start it (e.g. `rabbitmq-server -detached`) or point PASARELA_AMQP_URL at a running broker.'
    );
  }
}

/** The preferred port if free, else 0 (any free port), so a busy 8080 does not stop the demo. */
export async function freePortOr(preferred: number, host: string): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer();
    s.once('error', () => resolve(0));
    s.listen(preferred, host, () => s.close(() => resolve(preferred)));
  });
}
