import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import type { Faults } from '../simulators/sir';

/** The faults the simulator runs with for the whole run (the "down" spell is a disruption). */
export type ChaosFaults = Pick<Faults, 'errorRate' | 'fatalRate' | 'timeoutRate' | 'resetRate' | 'latencyMs'>;

export type JournalKind = 'postgres' | 'sqlite';

export interface ChaosOptions {
  count: number;
  workers: number;
  concurrency: number;
  journal: JournalKind;
  /** Longest wait for the accepted entries to settle after posting, in seconds. */
  timeoutS: number;
  json: boolean;
  faults: ChaosFaults;
  brokerRestart: boolean;
  workerKill: boolean;
  simulatorDown: boolean;
}

/** Registry numbers carry the entry's index in six digits (`origin.registryNumber` is at most 20 characters). */
export const MAX_COUNT = 999_999;

function integer(min: number, max: number) {
  return (text: string): number => {
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < min || n > max) throw new InvalidArgumentError(`must be a whole number from ${min} to ${max}`);
    return n;
  };
}

function rate(text: string): number {
  const n = Number(text);
  if (!/^\d+(\.\d+)?$/.test(text) || n > 1) throw new InvalidArgumentError('must be a number from 0 to 1');
  return n;
}

function latency(text: string): [number, number] {
  const parts = text.split(',').map((p) => p.trim());
  const [min, max] = parts.length === 1 ? [parts[0], parts[0]] : parts;
  if (parts.length > 2 || !/^\d+$/.test(min) || !/^\d+$/.test(max) || Number(min) > Number(max)) {
    throw new InvalidArgumentError('must be "min,max" milliseconds (or one number), min not above max');
  }
  return [Number(min), Number(max)];
}

function program(): Command {
  return new Command('chaos')
    .description('Post registry entries through pasarela while breaking its parts; account for every one')
    .option('--count <n>', 'registry entries to post', integer(1, MAX_COUNT), 5000)
    .option('--workers <n>', 'worker processes', integer(1, 16), 2)
    .option('--concurrency <n>', 'concurrent HTTP clients', integer(1, 256), 16)
    .addOption(new Option('--journal <kind>', 'journal database').choices(['postgres', 'sqlite']).default('postgres'))
    .option('--timeout-s <n>', 'longest wait for the entries to settle after posting', integer(1, 86_400), 600)
    .option('--json', 'also print a one-line JSON summary (last line of stdout)', false)
    .option('--error-rate <r>', 'share of SOAP requests answered with a retryable error (500 or 0039)', rate, 0.05)
    .option('--fatal-rate <r>', 'share answered with a non-retryable 0037 (parks the entry)', rate, 0)
    .option('--timeout-rate <r>', 'share taken and never answered (a re-send follows)', rate, 0.01)
    .option('--reset-rate <r>', 'share whose connection is reset', rate, 0.01)
    .addOption(new Option('--latency-ms <min,max>', 'delay before each answer').argParser(latency).default([5, 50], '5,50'))
    .option('--no-broker-restart', 'skip `rabbitmqctl stop_app` / `start_app` (it stops the broker for every vhost)')
    .option('--no-worker-kill', 'skip the kill -9 of worker 1')
    .option('--no-simulator-down', 'skip taking the SIR simulator down');
}

/**
 * Parse the command line (`argv` as in `process.argv`). Resolves a usage message instead of
 * options when the arguments are invalid, and undefined after `--help`.
 */
export function parseOptions(argv: string[]): ChaosOptions | { usage: string } | undefined {
  let usage = '';
  const cmd = program().exitOverride().configureOutput({ writeErr: (s) => (usage += s) });
  try {
    cmd.parse(argv);
  } catch (e) {
    if (e instanceof CommanderError && e.code === 'commander.helpDisplayed') return undefined;
    return { usage: usage || (e as Error).message };
  }
  const o = cmd.opts();
  const faults: ChaosFaults = { errorRate: o.errorRate, fatalRate: o.fatalRate, timeoutRate: o.timeoutRate, resetRate: o.resetRate, latencyMs: o.latencyMs };
  if (faults.errorRate + faults.fatalRate + faults.timeoutRate + faults.resetRate > 1) return { usage: 'The fault rates add up to more than 1\n' };
  return {
    count: o.count, workers: o.workers, concurrency: o.concurrency, journal: o.journal, timeoutS: o.timeoutS, json: o.json,
    faults, brokerRestart: o.brokerRestart, workerKill: o.workerKill, simulatorDown: o.simulatorDown,
  };
}
