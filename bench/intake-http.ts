import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { projectPath } from '../src/core/paths';
import type { ChildStats, IntakeWorldArgs } from './intake-http-child';

/**
 * The intake HTTP benchmark's two parts: a server child process (bench/intake-http-child.ts,
 * bare fastify or pasarela's intake) and an autocannon run against it from this process, over
 * loopback only.
 */

export interface HttpChild {
  url: string;
  pid: number;
  /** The API key the intake child made (undefined for the bare server). */
  key?: string;
  /** The operator token the `all` child made. */
  token?: string;
  stats(): Promise<ChildStats>;
  /** CPU seconds (user + system) the child has used so far; NaN where /proc is not there. */
  cpuSeconds(): number;
  stop(): Promise<void>;
}

let clockTicks: number | undefined;

/**
 * CPU seconds all processes on the machine spent running (user, nice and system time of every
 * core, from /proc/stat; interrupt and softirq time, e.g. loopback packets, is left out, as it is
 * charged to no process); NaN elsewhere.
 */
export function machineCpuSeconds(): number {
  try {
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    const [user, nice, system] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return (user + nice + system) / clockTicks;
  } catch {
    return NaN;
  }
}

/** The local RabbitMQ node's process id (its Erlang VM, run by user rabbitmq), or undefined. */
export function brokerPid(): number | undefined {
  try {
    const pid = Number(execFileSync('pgrep', ['-o', '-u', 'rabbitmq', 'beam.smp'], { encoding: 'utf8' }).trim().split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** User + system CPU seconds of process `pid`, from /proc/<pid>/stat (Linux); NaN elsewhere. */
export function cpuSecondsOf(pid: number): number {
  try {
    clockTicks ??= Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    // Fields after the command name (which may hold spaces): state is field 3, utime 14, stime 15.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return NaN;
  }
}

/**
 * Start `dist/bench/intake-http-child.js` in `mode`; resolves once it listens. `execArgv` goes to
 * the child's node (e.g. `--cpu-prof`).
 */
export async function startHttpChild(mode: 'bare' | 'intake' | 'all', world?: IntakeWorldArgs, execArgv: string[] = []): Promise<HttpChild> {
  const args = [...execArgv, projectPath('dist', 'bench', 'intake-http-child.js'), mode, ...(world ? [JSON.stringify(world)] : [])];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const pending = new Map<number, { resolve: (s: ChildStats) => void; reject: (e: Error) => void }>();
  let nextId = 1;
  const stop = (): Promise<void> =>
    new Promise<void>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const kill = setTimeout(() => child.kill('SIGKILL'), 30_000);
      child.once('exit', () => {
        clearTimeout(kill);
        resolve();
      });
      child.kill('SIGTERM');
    });
  const ready = await new Promise<{ ready: string; key?: string; token?: string }>((resolve, reject) => {
    child.on('message', (m: { ready?: string; key?: string; token?: string; id?: number; stats?: ChildStats; error?: string }) => {
      if (m.ready) return resolve({ ready: m.ready, key: m.key, token: m.token });
      const waiter = m.id === undefined ? undefined : pending.get(m.id);
      if (!waiter) return;
      pending.delete(m.id!);
      if (m.error !== undefined) waiter.reject(new Error(`the ${mode} server could not report: ${m.error}`));
      else waiter.resolve(m.stats!);
    });
    child.once('exit', (code) => reject(new Error(`the ${mode} server exited with ${code} before listening`)));
  }).catch(async (e: unknown) => {
    await stop();
    throw e;
  });
  return {
    url: ready.ready,
    pid: child.pid!,
    key: ready.key,
    token: ready.token,
    stats: () =>
      new Promise<ChildStats>((resolve, reject) => {
        const id = nextId++;
        pending.set(id, { resolve, reject });
        child.send({ id, op: 'stats' });
      }),
    cpuSeconds: () => cpuSecondsOf(child.pid!),
    stop,
  };
}

export interface LoadOptions {
  url: string;
  body: string;
  key?: string;
  connections: number;
  seconds: number;
  /** Requests per second across all connections (autocannon `overallRate`); absent: as fast as it can. */
  rate?: number;
}

export interface LoadResult {
  seconds: number;
  /** Responses of any status. */
  responses: number;
  /** 2xx answers per second: the rate that counts. */
  okPerSecond: number;
  /** Responses of any status per second (the achieved rate of a fixed-rate run). */
  perSecond: number;
  ok: number;
  non2xx: number;
  /** Connection errors and timeouts (requests that got no answer at all). */
  errors: number;
  timeouts: number;
  statusCodes: Record<string, number>;
  /** The body of the first non-2xx answer, to say why. */
  firstRefusal?: string;
  /** Each response's own latency in ms, in arrival order. */
  latencies: number[];
  /** The server's CPU during the run, as a share of one core (set by the caller that knows the server). */
  serverCpu?: number;
  /** CPU of every other process on the machine (not the server, this process or RabbitMQ), share of one core. */
  otherCpu?: number;
}

/**
 * One autocannon run: `connections` keep-alive connections to 127.0.0.1, one request in flight
 * on each, for `seconds`, POSTing `body` with the Bearer key. Latencies are each response's time
 * from its request being written, taken from autocannon's `response` events rather than its
 * summary histogram: with a rate set, autocannon corrects its histogram for coordinated
 * omission with an expected interval of ceil(1 / per-connection rate) = 1 ms (a rate per
 * second taken for an interval in ms), which adds a synthetic sample for every millisecond of
 * each real one: more samples than responses, and percentiles that are no response's.
 */
export function runLoad(o: LoadOptions): Promise<LoadResult> {
  const target = new URL(o.url);
  if (target.hostname !== '127.0.0.1') throw new Error(`the intake benchmark loads 127.0.0.1 only, not ${target.hostname}`);
  const latencies: number[] = [];
  let firstRefusal: string | undefined;
  return new Promise<LoadResult>((resolve, reject) => {
    const instance = autocannon(
      {
        url: new URL('/v1/registry-entries', target).toString(),
        connections: o.connections,
        pipelining: 1,
        duration: o.seconds,
        timeout: 10,
        ...(o.rate ? { overallRate: o.rate } : {}),
        requests: [{
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(o.key ? { authorization: `Bearer ${o.key}` } : {}) },
          body: o.body,
          onResponse: (status: number, body: string) => {
            if ((status < 200 || status > 299) && firstRefusal === undefined) firstRefusal = `${status} ${body.slice(0, 300)}`;
          },
        }],
      },
      (err, result) => {
        if (err) return reject(err instanceof Error ? err : new Error(String(err)));
        const statusCodes = Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, s.count ?? 0]));
        const ok = result['2xx'];
        const responses = latencies.length;
        resolve({
          seconds: result.duration,
          responses,
          okPerSecond: ok / result.duration,
          perSecond: responses / result.duration,
          ok,
          non2xx: result.non2xx,
          errors: result.errors,
          timeouts: result.timeouts,
          statusCodes,
          firstRefusal,
          latencies,
        });
      },
    );
    instance.on('response', (_client, _status, _bytes, responseTime) => {
      latencies.push(responseTime);
    });
  });
}

/** The q-quantile (0..1) of `xs` by nearest rank; NaN when empty. */
export function quantile(xs: readonly number[], q: number): number {
  if (xs.length === 0) return NaN;
  const s = Float64Array.from(xs).sort();
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
}
