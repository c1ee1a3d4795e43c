import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { heldConnections, resetOrWait } from '../fault-steps';
import { delayIn, pickFault, type CarpetaFaults } from './faults';
import { sendProblem } from './problem';
import type { StatsLedger } from './stats';

/** What the push handler must do after its checks: refuse (`fatal`), hold unanswered (`timeout`), or answer. */
export type Plan = 'fatal' | 'timeout' | 'none';

/** Applies the current faults to each push whose body was read (not to `/_sim`, not to pull calls). */
export interface FaultInjector {
  faults(): CarpetaFaults;
  /** Replace the faults (already validated). Does not open or close the listener. */
  set(f: CarpetaFaults): void;
  /**
   * Draw this request's fate. A reset and an HTTP 503 are done here (undefined: nothing more to
   * do); otherwise, after the latency (none for a timeout), the plan for the rest.
   */
  draw(req: IncomingMessage, res: ServerResponse): Promise<Plan | undefined>;
  /** Keep a timed-out request's connection open, unanswered, until the client gives up or the simulator stops. */
  hold(socket: Socket): void;
  /** Destroy the held connections (on stop). */
  releaseHeld(): void;
}

export function createFaultInjector(initial: CarpetaFaults, stats: StatsLedger, random: () => number): FaultInjector {
  let current = structuredClone(initial);
  const held = heldConnections();
  return {
    ...held,
    faults: () => structuredClone(current),
    set(f) {
      current = structuredClone(f);
    },
    async draw(req, res) {
      const f = current;
      const kind = pickFault(f, random());
      if (!(await resetOrWait(req, kind, delayIn(f.latencyMs, random()), () => stats.fault('resets'))) || kind === 'reset') return undefined;
      if (kind === 'error') {
        stats.fault('errors');
        sendProblem(res, 'unavailable');
        return undefined;
      }
      return kind;
    },
  };
}
