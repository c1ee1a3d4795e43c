import { startSirSimulator, type Faults } from '../simulators/sir';

/**
 * The SIR simulator as a benchmark child process (`bench/sim-process.ts` spawns it). Faults come
 * over the IPC channel rather than `POST /_sim/faults`: while the simulator is `down` its HTTP
 * port refuses every connection, the control routes included, so only a side channel can bring
 * it back at a moment the benchmark chooses. argv[2]: the starting faults as JSON.
 */
type Request = { id: number; faults: Partial<Faults> };
type Reply = { id: number; faults?: Faults; error?: string };

async function main(): Promise<void> {
  const initial = JSON.parse(process.argv[2] ?? '{}') as Partial<Faults>;
  const sim = await startSirSimulator({ port: 0, faults: initial });
  const send = (m: unknown): void => void process.send?.(m);
  process.on('message', (m: Request) => {
    sim.setFaults(m.faults).then(
      (faults) => send({ id: m.id, faults } satisfies Reply),
      (e: unknown) => send({ id: m.id, error: e instanceof Error ? e.message : String(e) } satisfies Reply),
    );
  });
  // The parent gone (finished, or killed): nothing is left to serve.
  process.once('disconnect', () => void sim.stop().finally(() => process.exit(0)));
  process.once('SIGTERM', () => void sim.stop().finally(() => process.exit(0)));
  send({ ready: sim.url });
}

main().catch((e: unknown) => {
  process.stderr.write(`bench SIR simulator failed to start: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
