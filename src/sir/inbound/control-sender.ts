import type { Logger } from 'pino';
import { createSirControlClient, sir7EndpointFrom, type SirControlClient } from '../../connectors/sir';
import type { SirConfig } from '../../connectors/sir/config';
import { isPasarelaError } from '../../core/errors';
import type { ControlMessage } from '../control-message';

const ATTEMPTS = 5;
const FIRST_WAIT_MS = 500;

/**
 * Sends our ACK / ERROR / CONFIRMACIÓN to the CIR through WS_SIR7, in the background, retrying
 * retryable failures a few times. Not queued durably: should every try fail (or the process stop),
 * the CIR, having no ACK, sends the fichero again and the duplicate is answered with the same
 * message (§8.3), so SIR's own re-send closes the loop. `onSent` records the hop.
 */
export function createControlSender(sir: SirConfig, logger: Logger) {
  let client: Promise<SirControlClient> | undefined;
  const pending = new Set<Promise<void>>();
  const clientOf = (): Promise<SirControlClient> => (client ??= createSirControlClient({ ...sir, endpoint: sir7EndpointFrom(sir.endpoint) }));

  async function attempt(m: ControlMessage, onSent: () => Promise<unknown>): Promise<void> {
    for (let i = 0; i < ATTEMPTS; i++) {
      try {
        await (await clientOf()).send(m);
        await onSent();
        return;
      } catch (e) {
        const retryable = isPasarelaError(e) && e.retryable;
        logger.warn({ err: e, exchangeId: m.exchangeId, type: m.type, attempt: i + 1 }, 'control message to SIR failed');
        if (!retryable) return;
        await new Promise((r) => setTimeout(r, FIRST_WAIT_MS * 2 ** i).unref());
      }
    }
  }

  return {
    send(m: ControlMessage, onSent: () => Promise<unknown> = async () => undefined): void {
      const p = attempt(m, onSent).catch((err: unknown) => logger.error({ err }, 'control message sender failed'));
      pending.add(p);
      void p.finally(() => pending.delete(p));
    },
    /** Wait for messages in flight (tests, shutdown). */
    async idle(): Promise<void> {
      await Promise.allSettled([...pending]);
    },
    async close(): Promise<void> {
      await Promise.allSettled([...pending]);
      if (client) await (await client).close();
    },
  };
}

export type ControlSender = ReturnType<typeof createControlSender>;
