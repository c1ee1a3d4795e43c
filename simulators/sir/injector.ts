import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { latencyOf, pickFault, type Faults } from './faults';
import { sendFault } from './http-util';
import type { ExchangeLedger } from './stats';

/** What the SOAP operation must do instead of its normal answer. */
export type Plan = 'transient' | 'fatal' | 'timeout';

/** Applies the current faults to each SOAP request that passed the front's checks. */
export interface FaultInjector {
  faults(): Faults;
  /** Replace the faults (already validated). Does not open or close the listener. */
  set(f: Faults): void;
  /**
   * Decide this request's fate with one draw. A reset or an HTTP 500 is done here; otherwise,
   * after the latency (none for a timeout), `pass` hands the request to node-soap, whose
   * operation reads its plan with `planOf`.
   */
  apply(req: IncomingMessage, res: ServerResponse, pass: () => void): Promise<void>;
  planOf(req: unknown): Plan | undefined;
  /** Destroy the connections held open by simulated timeouts (on stop). */
  releaseHeld(): void;
}

export function createFaultInjector(initial: Faults, ledger: ExchangeLedger, random: () => number): FaultInjector {
  let current = initial;
  // Keyed by the request object node-soap hands its operation; entries go with their requests.
  const plans = new WeakMap<object, Plan>();
  const held = new Set<Socket>();

  function hold(socket: Socket): void {
    held.add(socket);
    socket.once('close', () => held.delete(socket));
  }

  return {
    faults: () => structuredClone(current),
    set(f) {
      current = structuredClone(f);
    },
    async apply(req, res, pass) {
      const f = current;
      const kind = pickFault(f, random());
      if (kind === 'reset') {
        ledger.countFault('resets');
        req.socket.resetAndDestroy();
        return;
      }
      if (kind === 'timeout') {
        // Counted when taken, not when the client gives up: the sim cannot know when that is.
        ledger.countFault('timeouts');
        hold(req.socket);
        plans.set(req, 'timeout');
        return pass();
      }
      const delay = latencyOf(f, random());
      if (delay > 0) await sleep(delay);
      if (req.socket.destroyed) return;
      if (kind === 'server-error') {
        ledger.countFault('errors');
        return sendFault(res, 'soap:Server', 'Simulated server error');
      }
      if (kind === 'transient') ledger.countFault('errors');
      if (kind === 'fatal') ledger.countFault('fatals');
      if (kind !== 'none') plans.set(req, kind);
      pass();
    },
    planOf: (req) => (req !== null && typeof req === 'object' ? plans.get(req) : undefined),
    releaseHeld() {
      for (const socket of held) socket.destroy();
      held.clear();
    },
  };
}
