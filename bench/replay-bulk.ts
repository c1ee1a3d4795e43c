import path from 'node:path';
import { createEnvelope } from '../src/core/envelope';
import { createJournal } from '../src/journal';
import { entryOfSize } from './e2e-registry';
import { benchWorld, writeRoutes } from './environment';
import { quantile, runLoad, startHttpChild, type HttpChild } from './intake-http';
import { startSimulatorProcess } from './sim-process';

const ROUTE = 'registry-entry-to-sir';
const SEED_CHUNK = 500;
/** Live traffic runs in chunks this long, so the "during" window ends close to the replay's end. */
const CHUNK_SECONDS = 2;
/** Messages still moving (received, queued, delivering) below which the replay's backlog counts as delivered. */
const DRAINED = 50;

export interface ReplayBenchOptions {
  parked: number;
  /** The second job's `ratePerSecond` (the first has none). */
  pacedRate: number;
  /** Live requests per second during both windows. */
  rate: number;
  /** Seconds of each live-traffic window without replay (one before, one after). */
  baselineSeconds: number;
  connections: number;
}

export interface ReplayRun {
  /** The job's rate; null: as fast as it goes. */
  ratePerSecond: number | null;
  seedSeconds: number;
  /** Job created -> completed: every replay committed and published. */
  replaySeconds: number;
  /** Job created -> the backlog of replays delivered to the SIR simulator. */
  deliveredSeconds: number;
  liveDuring: LiveStats;
  /** The part of `liveDuring` while the job was replaying, and the part while its backlog was delivered. */
  liveReplaying: LiveStats;
  liveDelivering: LiveStats;
}

export interface ReplayBenchResult {
  parked: number;
  runs: ReplayRun[];
  liveBefore: LiveStats;
  liveAfter: LiveStats;
  duplicates: number;
  sirUnique: number;
}

export interface LiveStats {
  responses: number;
  non2xx: number;
  perSecond: number;
  p50: number;
  p99: number;
}

/**
 * Issue 7's bulk replay benchmark, on real parts: `parked` registry entries are written parked
 * into a fresh SQLite journal (their SIR outage is over), pasarela runs with `--role all` in a
 * child process (intake, workers, the admin API and its replay runner) against the SIR
 * simulator in another, and live traffic posts new entries at a fixed rate from this process.
 * Windows: live traffic alone; live traffic while one bulk replay of every parked entry runs (no
 * rate limit: the worst case for live traffic) until its replays are delivered; the same with
 * another `parked` entries replayed at `pacedRate`; live traffic alone again. Every replay must
 * reach SIR exactly once.
 */
export async function replayBench(o: ReplayBenchOptions): Promise<ReplayBenchResult> {
  const world = await benchWorld();
  try {
    const journalUrl = `sqlite:${path.join(world.dir, 'journal.db')}`;
    const firstSeed = await timed(() => seedParked(journalUrl, 1, o.parked));
    const sim = await startSimulatorProcess();
    world.cleanup.add('stop the SIR simulator', () => sim.stop());
    const child = await startHttpChild('all', { amqpUrl: world.amqpUrl, journalUrl, routesDir: writeRoutes(world.dir, false), sirUrl: sim.url });
    world.cleanup.add('stop pasarela', () => child.stop());
    const body = JSON.stringify(entryOfSize(1024));
    const live = (seconds: number) => runLoad({ url: child.url, key: child.key, body, connections: o.connections, seconds, rate: o.rate });
    await live(10); // warm-up (JIT, the journal and the broker settling after the seed), discarded
    const before = await live(o.baselineSeconds);
    const fast = await runJob(child, live, null, firstSeed);
    // The same again, paced: another outage's worth parked, replayed at a rate.
    const secondSeed = await timed(() => seedParked(journalUrl, o.parked + 1, o.parked));
    const paced = await runJob(child, live, o.pacedRate, secondSeed);
    const after = await live(o.baselineSeconds);
    await waitUntilSettled(child);
    const stats = await sim.stats();
    return { parked: o.parked, runs: [fast, paced], liveBefore: liveStats([before]), liveAfter: liveStats([after]), duplicates: stats.duplicates, sirUnique: stats.unique };
  } finally {
    await world.cleanup.run();
  }
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const started = Date.now();
  await fn();
  return (Date.now() - started) / 1000;
}

async function runJob(child: HttpChild, live: Live, ratePerSecond: number | null, seedSeconds: number): Promise<ReplayRun> {
  const during = await duringReplay(child, live, ratePerSecond);
  return {
    ratePerSecond, seedSeconds, replaySeconds: during.replaySeconds, deliveredSeconds: during.deliveredSeconds,
    liveDuring: liveStats(during.loads.map((c) => c.load)),
    liveReplaying: liveStats(during.loads.filter((c) => c.at < during.replaySeconds).map((c) => c.load)),
    liveDelivering: liveStats(during.loads.filter((c) => c.at >= during.replaySeconds).map((c) => c.load)),
  };
}

/** Parked entries, as a SIR outage leaves them: received, then parked with evidence, in the journal. */
async function seedParked(journalUrl: string, firstSeq: number, count: number): Promise<void> {
  const journal = createJournal(journalUrl);
  try {
    await journal.migrate();
    for (let start = 0; start < count; start += SEED_CHUNK) {
      const n = Math.min(SEED_CHUNK, count - start);
      await Promise.all(Array.from({ length: n }, (_, k) => seedOne(journal, firstSeq + start + k)));
    }
  } finally {
    await journal.close();
  }
}

async function seedOne(journal: ReturnType<typeof createJournal>, seq: number): Promise<void> {
  const entry = entryOfSize(1024);
  // Year 25: never among the ids the live traffic gets (this year's sequence).
  entry.control.exchangeId = `${entry.origin.office}_25_${String(seq).padStart(8, '0')}`;
  entry.origin.registryNumber = `BENCH-E-2025-${String(seq).padStart(7, '0')}`;
  const envelope = createEnvelope({ type: 'registry-entry', schemaVersion: 1, tenant: 'L02000023', source: { system: 'bench', adapter: 'json@1' }, payload: entry });
  await journal.insertMessage({ envelope, route: ROUTE, registryNumber: entry.origin.registryNumber, exchangeId: entry.control.exchangeId });
  await journal.park({
    messageId: envelope.id, route: ROUTE, code: 'CONNECTOR_UNREACHABLE', detail: 'SIR could not be reached (benchmark outage)',
    attempts: 6, body: JSON.stringify(envelope), bodyEncoding: 'json',
  });
}

type Live = (seconds: number) => ReturnType<typeof runLoad>;

/** Start the bulk replay, keep live traffic on until its replays are delivered; times from the start. */
async function duringReplay(child: HttpChild, live: Live, ratePerSecond: number | null) {
  const started = Date.now();
  const job = await adminCall(child, 'POST', '/admin/v1/replays', { filter: { route: ROUTE }, ...(ratePerSecond && { ratePerSecond }) });
  let replaySeconds: number | undefined;
  let deliveredSeconds: number | undefined;
  /** Each chunk of live traffic with the second (since the job started) it began at. */
  const loads: Array<{ at: number; load: Awaited<ReturnType<Live>> }> = [];
  while (deliveredSeconds === undefined) {
    const at = (Date.now() - started) / 1000;
    loads.push({ at, load: await live(CHUNK_SECONDS) });
    if (replaySeconds === undefined) {
      const status = (await adminCall(child, 'GET', `/admin/v1/replays/${job.id}`)) as { status: string; finishedAt: string | null };
      if (status.status !== 'running') replaySeconds = (Date.parse(status.finishedAt ?? new Date().toISOString()) - started) / 1000;
    }
    if (replaySeconds !== undefined && moving((await child.stats()).counts) <= DRAINED) deliveredSeconds = (Date.now() - started) / 1000;
    if (Date.now() - started > 30 * 60_000) throw new Error('the bulk replay did not finish within 30 minutes');
  }
  return { replaySeconds: replaySeconds!, deliveredSeconds, loads };
}

function moving(counts: Record<string, number>): number {
  return (counts.received ?? 0) + (counts.queued ?? 0) + (counts.delivering ?? 0);
}

async function waitUntilSettled(child: HttpChild): Promise<void> {
  const deadline = Date.now() + 120_000;
  while (moving((await child.stats()).counts) > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
}

async function adminCall(child: HttpChild, method: string, url: string, body?: unknown): Promise<any> {
  const res = await fetch(new URL(url, child.url), {
    method, headers: { authorization: `Bearer ${child.token}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const answer = await res.json();
  if (res.status >= 300) throw new Error(`${method} ${url} answered ${res.status}: ${JSON.stringify(answer)}`);
  return answer;
}

function liveStats(loads: Awaited<ReturnType<Live>>[]): LiveStats {
  const latencies = loads.flatMap((l) => l.latencies);
  const seconds = Math.max(1e-9, loads.reduce((s, l) => s + l.seconds, 0));
  return {
    responses: latencies.length,
    non2xx: loads.reduce((s, l) => s + l.non2xx + l.errors + l.timeouts, 0),
    perSecond: latencies.length / seconds,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
  };
}
