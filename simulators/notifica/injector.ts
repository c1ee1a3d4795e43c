import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { heldConnections, resetOrWait } from '../fault-steps';
import { delayIn, pickRequestFault, type NotificaFaults } from './faults';
import type { StatsLedger } from './stats';
import { faultEnvelope } from './xml-write';

/** What the front must do with a request after the service processed it. */
export type Plan = 'fatal' | 'timeout' | 'lost-answer' | 'none';

/** Applies the current faults to each SOAP request whose body was read. */
export interface FaultInjector {
  faults(): NotificaFaults;
  /** Replace the faults (already validated). Does not open or close the listener. */
  set(f: NotificaFaults): void;
  /**
   * Draw this request's fate. A reset and an HTTP 500 are done here (undefined: nothing more to
   * do); otherwise, after the latency (none for a timeout), the plan for the rest.
   */
  draw(req: IncomingMessage, res: ServerResponse): Promise<Plan | undefined>;
  /** Keep a timed-out request's connection open, unanswered, until the client gives up or the simulator stops. */
  hold(socket: Socket): void;
  /** Destroy the held connections (on stop). */
  releaseHeld(): void;
}

export function sendSoap(res: ServerResponse, status: number, xml: string): void {
  res.writeHead(status, { 'content-type': 'text/xml; charset=utf-8' });
  res.end(xml);
}

export function createFaultInjector(initial: NotificaFaults, stats: StatsLedger, random: () => number): FaultInjector {
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
      const kind = pickRequestFault(f, random());
      if (!(await resetOrWait(req, kind, delayIn(f.latencyMs, random()), () => stats.fault('resets'))) || kind === 'reset') return undefined;
      if (kind === 'error') {
        stats.fault('errors');
        sendSoap(res, 500, faultEnvelope('soapenv:Server', 'Error simulado del servidor; inténtelo de nuevo'));
        return undefined;
      }
      return kind === 'none' ? 'none' : kind;
    },
  };
}
