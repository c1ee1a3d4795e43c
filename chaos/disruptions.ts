import { restartBrokerApp } from './broker';
import type { PasarelaProcess } from './processes';
import type { SimClient } from './sim-client';

/** One thing the chaos run breaks, once, when a share of the entries has been posted. */
export interface Disruption {
  name: string;
  /** Share of entries posted (0..1) that triggers it. */
  at: number;
  /** Break and mend; resolves a short account of what was done. */
  run(): Promise<string>;
}

export interface DisruptionLog {
  name: string;
  at: number;
  startedMs: number;
  tookMs: number;
  ok: boolean;
  detail: string;
}

/** Time between the stop and the start of the broker's application. */
const BROKER_DOWN_MS = 3000;
/** Time a killed worker stays dead before it is started again. */
const WORKER_DEAD_MS = 1000;
/** How long the simulator refuses connections. */
const SIR_DOWN_MS = 5000;

export function brokerRestart(): Disruption {
  return {
    name: 'broker restart (rabbitmqctl stop_app, start_app)',
    at: 0.25,
    async run() {
      await restartBrokerApp(BROKER_DOWN_MS);
      return `stopped for ${BROKER_DOWN_MS / 1000} s, then started and booted`;
    },
  };
}

export function workerKill(worker: PasarelaProcess): Disruption {
  return {
    name: `kill -9 of ${worker.name}`,
    at: 0.5,
    async run() {
      const pid = worker.pid();
      await worker.kill9();
      await new Promise((r) => setTimeout(r, WORKER_DEAD_MS));
      const restarted = Date.now();
      await worker.start();
      return `pid ${pid} killed; restarted after ${WORKER_DEAD_MS / 1000} s, ready in ${((Date.now() - restarted) / 1000).toFixed(1)} s`;
    },
  };
}

export function simulatorDown(sim: SimClient): Disruption {
  return {
    name: 'SIR simulator down',
    at: 0.75,
    async run() {
      const current = await sim.faults();
      await sim.setFaults({ ...current, down: true, downForMs: SIR_DOWN_MS });
      // It comes back by itself; wait for that, so the log says when.
      await new Promise((r) => setTimeout(r, SIR_DOWN_MS));
      await sim.waitUp();
      return `refused connections for ${SIR_DOWN_MS / 1000} s, then listened again`;
    },
  };
}

/**
 * Runs the disruptions one after the other, each once the posted share reaches its `at` (and the
 * previous one is over, so they never overlap), while posting goes on. A failed disruption is
 * logged, not thrown: the run reports it and does not count as a proof.
 */
export function scheduleDisruptions(list: Disruption[], total: number, clock: () => number = Date.now) {
  const origin = clock();
  let posted = 0;
  const waiters: (() => void)[] = [];
  const reached = (share: number): Promise<void> =>
    posted >= Math.ceil(share * total) ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve));
  const sorted = [...list].sort((a, b) => a.at - b.at);
  const logs: DisruptionLog[] = [];
  const done = (async () => {
    for (const d of sorted) {
      await waitShare(d.at);
      const started = clock();
      try {
        logs.push({ name: d.name, at: d.at, startedMs: started - origin, tookMs: 0, ok: true, detail: await d.run() });
      } catch (e) {
        logs.push({ name: d.name, at: d.at, startedMs: started - origin, tookMs: 0, ok: false, detail: e instanceof Error ? e.message : String(e) });
      }
      logs[logs.length - 1].tookMs = clock() - started;
    }
    return logs;
  })();

  async function waitShare(share: number): Promise<void> {
    while (posted < Math.ceil(share * total)) await reached(share);
  }

  return {
    /** Tell how many entries are posted so far. */
    progress(n: number): void {
      posted = n;
      waiters.splice(0).forEach((w) => w());
    },
    /** Resolves every disruption's log once all have run. */
    done: () => done,
  };
}
