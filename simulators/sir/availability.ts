import type http from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';

/** Wait between attempts to listen again when the port is taken meanwhile. */
const RELISTEN_RETRY_MS = 500;

export function listen(server: http.Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

/** Stop listening and destroy every connection, idle, keep-alive or mid-request. */
export function closeServer(server: http.Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * The simulated "down": the listening socket really closes, so clients get ECONNREFUSED (the
 * control endpoints on the same port included), and it opens again on the same port by itself.
 * Transitions run one after the other, so a quick down/up/down never interleaves close and listen.
 */
export interface Availability {
  /** Close now (if up) and listen again `forMs` from now; while down, only moves that moment. */
  down(forMs: number): Promise<void>;
  /** Listen again now, if down. */
  up(): Promise<void>;
  isDown(): boolean;
  /** Cancel any pending re-listen; resolves once no transition is running. */
  stop(): Promise<void>;
}

export interface AvailabilityOptions {
  server: http.Server;
  port: number;
  host: string;
  logger: Logger;
  /** Called each time the listener is open again. */
  onUp: () => void;
}

export function createAvailability(o: AvailabilityOptions): Availability {
  let isDown = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let transition: Promise<void> = Promise.resolve();

  async function relisten(): Promise<void> {
    while (!stopped) {
      try {
        await listen(o.server, o.port, o.host);
        o.onUp();
        return;
      } catch (e) {
        o.logger.warn({ port: o.port, err: e }, 'SIR simulator could not listen again; retrying');
        await sleep(RELISTEN_RETRY_MS);
      }
    }
  }

  const self: Availability = {
    down(forMs) {
      clearTimeout(timer);
      if (stopped) return transition;
      // Ref'd on purpose: a simulator process that is down has nothing else keeping it alive.
      timer = setTimeout(() => void self.up(), forMs);
      if (isDown) return transition;
      isDown = true;
      transition = transition.then(() => closeServer(o.server));
      return transition;
    },
    up() {
      clearTimeout(timer);
      if (!isDown || stopped) return transition;
      isDown = false;
      transition = transition.then(relisten);
      return transition;
    },
    isDown: () => isDown,
    stop() {
      stopped = true;
      clearTimeout(timer);
      return transition;
    },
  };
  return self;
}
