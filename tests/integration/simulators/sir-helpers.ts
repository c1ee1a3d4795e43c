import http from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import * as soap from 'soap';
import { projectPath } from '../../../src/core/paths';
import type { SirSimulator } from '../../../simulators/sir';
import { registryEntryToSicres3 } from '../../../transforms/registry-entry-to-sicres3';
import { envelopeOf, minimalEntry } from '../../fixtures/sir/registry-entries';

/** Helpers for the simulator's fault tests: a real node-soap client and plain HTTP probes. */

export const fichero = (id: string) => registryEntryToSicres3.apply(envelopeOf(minimalEntry(id))).xml;
export const noFaultCounts = { errors: 0, fatals: 0, timeouts: 0, resets: 0 };

/** A real node-soap client on the WS_SIR6_B WSDL, as the SIR connector uses. */
export async function clientFor(sim: SirSimulator): Promise<soap.Client> {
  return soap.createClientAsync(projectPath('schemas', 'wsdl', 'WS_SIR6_B.wsdl'), { endpoint: sim.url });
}

export type Outcome = { codigo: string; descripcion: string } | { error: { code?: string; status?: number; faultcode?: string } };

export async function send(client: soap.Client, id: string, timeout?: number): Promise<Outcome> {
  try {
    const [result] = await client.recepcionFicheroDeAplicacionAsync({ registro: fichero(id) }, timeout === undefined ? {} : { timeout });
    return result.recepcionFicheroDeAplicacionReturn;
  } catch (e) {
    const err = e as { code?: string; response?: { status?: number }; root?: { Envelope?: { Body?: { Fault?: { faultcode?: string } } } } };
    return { error: { code: err.code, status: err.response?.status, faultcode: err.root?.Envelope?.Body?.Fault?.faultcode } };
  }
}

export const origin = (sim: SirSimulator) => new URL(sim.url).origin;

export async function postFaults(sim: SirSimulator, body: string): Promise<{ status: number; json: unknown; type: string | null }> {
  const res = await fetch(`${origin(sim)}/_sim/faults`, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
  return { status: res.status, type: res.headers.get('content-type'), json: await res.json() };
}

/** Whether a new connection to the simulator's port is refused (a fresh one: pooled sockets fail otherwise). */
export function refused(sim: SirSimulator): Promise<boolean> {
  return new Promise((resolve) => {
    const req = http.get(`${origin(sim)}/_sim/faults`, { agent: false }, (res) => {
      res.resume();
      resolve(false);
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'ECONNREFUSED'));
  });
}

/** Poll until `probe` holds; the deadline only guards against a hang. */
export async function eventually(probe: () => Promise<boolean>): Promise<void> {
  for (const deadline = Date.now() + 60_000; Date.now() < deadline; await sleep(50)) {
    if (await probe()) return;
  }
  throw new Error('the condition never held');
}

