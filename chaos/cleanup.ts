/**
 * What a chaos run must undo, whatever happens: steps registered as resources are created, run
 * newest first, each at most once. A failing step is reported and the next ones still run, so a
 * dead child process never leaves a vhost or a database behind.
 */
export interface Cleanup {
  /** Register an undo step; `name` appears in the report when the step fails. */
  add(name: string, step: () => Promise<unknown> | unknown): void;
  /** Run every step registered so far (newest first); idempotent. */
  run(): Promise<void>;
  /** On SIGINT / SIGTERM: run the steps, then exit 130. */
  onSignals(): void;
}

export function createCleanup(report: (line: string) => void = (l) => process.stderr.write(l + '\n')): Cleanup {
  const steps: { name: string; step: () => Promise<unknown> | unknown }[] = [];
  let running: Promise<void> | undefined;

  async function runAll(): Promise<void> {
    while (steps.length > 0) {
      const { name, step } = steps.pop()!;
      try {
        await step();
      } catch (e) {
        report(`chaos: clean-up step "${name}" failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
  }

  const self: Cleanup = {
    add(name, step) {
      steps.push({ name, step });
    },
    run() {
      // Steps added after a finished run (a late child) still get their turn.
      running = (running ?? Promise.resolve()).then(runAll);
      return running;
    },
    onSignals() {
      const stop = (signal: string): void => {
        report(`chaos: ${signal} received; cleaning up`);
        void self.run().finally(() => process.exit(130));
      };
      process.once('SIGINT', () => stop('SIGINT'));
      process.once('SIGTERM', () => stop('SIGTERM'));
    },
  };
  return self;
}
