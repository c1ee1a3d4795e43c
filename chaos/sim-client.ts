import type { ExchangeRecord, Faults, SirStats } from '../simulators/sir';

/**
 * The SIR simulator's control routes. While the simulator is down they refuse connections like
 * its SOAP endpoint does, so every read here waits for it to be back (`upWithinMs`).
 */
export interface SimClient {
  stats(): Promise<SirStats>;
  exchanges(): Promise<ExchangeRecord[]>;
  faults(): Promise<Faults>;
  /** Replace the faults; the simulator answers before a `down` takes effect. */
  setFaults(f: Faults): Promise<Faults>;
  /** Resolves once the control routes answer again. */
  waitUp(): Promise<void>;
}

export function simClient(base: string, upWithinMs = 60_000): SimClient {
  async function call<T>(path: string, init?: RequestInit): Promise<T> {
    const until = Date.now() + upWithinMs;
    for (;;) {
      let res: Response | undefined;
      try {
        res = await fetch(`${base}${path}`, { ...init, signal: AbortSignal.timeout(10_000) });
      } catch (e) {
        if (Date.now() > until) throw new Error(`the SIR simulator did not answer ${path} within ${upWithinMs / 1000} s: ${(e as Error).message}`);
        await new Promise((r) => setTimeout(r, 250));
        continue;
      }
      if (!res.ok) throw new Error(`the SIR simulator answered ${res.status} to ${path}: ${(await res.text()).slice(0, 300)}`);
      return (await res.json()) as T;
    }
  }
  return {
    stats: () => call<SirStats>('/_sim/stats'),
    exchanges: () => call<ExchangeRecord[]>('/_sim/exchanges'),
    faults: () => call<Faults>('/_sim/faults'),
    setFaults: (f) => call<Faults>('/_sim/faults', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(f) }),
    waitUp: async () => {
      await call<SirStats>('/_sim/stats');
    },
  };
}
