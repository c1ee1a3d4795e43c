import path from 'node:path';
import { entryOfSize } from './e2e-registry';
import { benchWorld, writeRoutes } from './environment';
import { brokerPid, cpuSecondsOf, machineCpuSeconds, quantile, runLoad, startHttpChild, type HttpChild, type LoadResult } from './intake-http';
import type { ChildStats } from './intake-http-child';
import { rawConfirmedPublish, type RateResult } from './baseline-amqp';
import { median, sleep } from './samples';

/** Issue 6's targets: intake at this share of the bare route's throughput or more; p99 under this at RATE. */
const RATIO_TARGET = 0.3;
const P99_TARGET_MS = 25;
const RATE = 500;
/** A fixed-rate run counts as "at RATE" when it answered at least this share of it. */
const RATE_TOLERANCE = 0.98;
/** Messages of the raw confirmed-publish reference, per round. */
const RAW_COUNT = 5000;

export interface IntakeHttpOptions {
  rounds: number;
  /** Seconds of each measured autocannon run. */
  seconds: number;
  connections: number;
  /** Seconds of the discarded warm-up run against each server before the first round. */
  warmupSeconds: number;
  /** A folder for a CPU profile of the intake child (`--cpu-prof`), or undefined for none. */
  profileDir?: string;
}

interface Round {
  raw: RateResult;
  bareMax: LoadResult;
  intakeMax: LoadResult;
  bareFixed: LoadResult;
  intakeFixed: LoadResult;
}

const ms = (x: number): string => (x < 10 ? x.toFixed(2) : x.toFixed(1));
const met = (ok: boolean): string => (ok ? '**met**' : '**not met**');
const pct = (x: number): string => (Number.isFinite(x) ? `${(x * 100).toFixed(0)}%` : 'n/a');
const failures = (r: LoadResult): number => r.non2xx + r.errors + r.timeouts;

function describeFailures(r: LoadResult): string {
  const codes = Object.entries(r.statusCodes).filter(([c]) => !c.startsWith('2')).map(([c, n]) => `${n}× ${c}`);
  const parts = [...codes, ...(r.errors ? [`${r.errors} connection errors`] : []), ...(r.timeouts ? [`${r.timeouts} timeouts`] : [])];
  return parts.join(', ') + (r.firstRefusal ? ` (first: \`${r.firstRefusal.replace(/`/g, "'").replace(/\s+/g, ' ').slice(0, 160)}\`)` : '');
}

/**
 * Pasarela's intake next to a bare fastify route, both in child processes of their own, loaded
 * by autocannon from this one over 127.0.0.1: rounds of (bare, intake) at full speed, then
 * (bare, intake) at a fixed rate. Intake runs with `--role intake` on its own vhost and SQLite
 * journal in a temp folder; nothing consumes, so accepted entries wait in the work queue, all
 * removed afterwards. The section for BENCHMARKS.md; a run with any non-2xx answer says so.
 */
export async function intakeHttpSection(o: IntakeHttpOptions): Promise<string[]> {
  const body = JSON.stringify(entryOfSize(1024));
  const world = await benchWorld();
  const rounds: Round[] = [];
  let stats: ChildStats;
  let warmupOk = 0;
  try {
    const bare = await startHttpChild('bare');
    world.cleanup.add('stop the bare fastify server', () => bare.stop());
    const execArgv = o.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${o.profileDir}`] : [];
    const intake = await startHttpChild('intake', {
      amqpUrl: world.amqpUrl,
      journalUrl: `sqlite:${path.join(world.dir, 'journal.db')}`,
      routesDir: writeRoutes(world.dir, false),
    }, execArgv);
    world.cleanup.add('stop pasarela intake', () => intake.stop());

    const broker = brokerPid();
    const ownCpu = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1e6;
    };
    /** Server, this process (autocannon), RabbitMQ and the whole machine, in CPU seconds so far. */
    const cpuNow = (server: HttpChild) => ({
      server: server.cpuSeconds(), own: ownCpu(), broker: broker === undefined ? 0 : cpuSecondsOf(broker), machine: machineCpuSeconds(),
    });
    const load = async (server: HttpChild, seconds: number, rate?: number): Promise<LoadResult> => {
      const before = cpuNow(server);
      const r = await runLoad({ url: server.url, key: server.key, body, connections: o.connections, seconds, rate });
      const after = cpuNow(server);
      const used = (k: keyof typeof before) => after[k] - before[k];
      const other = Math.max(0, used('machine') - used('server') - used('own') - used('broker'));
      return { ...r, serverCpu: used('server') / r.seconds, otherCpu: other / r.seconds };
    };
    if (o.warmupSeconds > 0) {
      await load(bare, o.warmupSeconds);
      warmupOk = (await load(intake, o.warmupSeconds)).ok;
    }
    for (let round = 1; round <= o.rounds; round++) {
      const bareMax = await load(bare, o.seconds);
      const intakeMax = await load(intake, o.seconds);
      const bareFixed = await load(bare, o.seconds, RATE);
      const intakeFixed = await load(intake, o.seconds, RATE);
      // From this process while both servers idle: the broker's own ceiling for one 1 KB confirmed publish.
      const raw = await rawConfirmedPublish(world.amqpUrl, RAW_COUNT, o.connections);
      rounds.push({ raw, bareMax, intakeMax, bareFixed, intakeFixed });
      process.stdout.write(
        `intake round ${round}: bare ${bareMax.okPerSecond.toFixed(0)}/s, intake ${intakeMax.okPerSecond.toFixed(0)}/s ` +
          `(ratio ${(intakeMax.okPerSecond / bareMax.okPerSecond).toFixed(3)}, ${failures(intakeMax)} failed); at ${RATE}/s: ` +
          `bare p99 ${ms(quantile(bareFixed.latencies, 0.99))} ms, intake ${intakeFixed.perSecond.toFixed(0)}/s p99 ${ms(quantile(intakeFixed.latencies, 0.99))} ms ` +
          `(${failures(intakeFixed)} failed); other processes ${pct(Math.max(...[bareMax, intakeMax, bareFixed, intakeFixed].map((r) => r.otherCpu ?? NaN)))} of a core at most\n`,
      );
    }
    // Entries still in flight when autocannon stopped finish on their own; let them land.
    await sleep(1000);
    stats = await intake.stats();
  } finally {
    await world.cleanup.run();
  }
  return render(o, rounds, stats, warmupOk, Buffer.byteLength(body));
}

function render(o: IntakeHttpOptions, rounds: Round[], stats: ChildStats, warmupOk: number, bodyBytes: number): string[] {
  const bareRate = median(rounds.map((r) => r.bareMax.okPerSecond));
  const intakeRate = median(rounds.map((r) => r.intakeMax.okPerSecond));
  const ratio = intakeRate / bareRate;
  const ratios = rounds.map((r) => r.intakeMax.okPerSecond / r.bareMax.okPerSecond);
  /** The median over rounds of each round's q-quantile (q = 1: the largest of any round). */
  const latency = (pick: (r: Round) => LoadResult, q: number) => {
    const each = rounds.map((r) => quantile(pick(r).latencies, q));
    return q === 1 ? Math.max(...each) : median(each);
  };
  const bareP99 = latency((r) => r.bareFixed, 0.99);
  const achieved = (pick: (r: Round) => LoadResult) => median(rounds.map((r) => pick(r).perSecond));
  const bareAchieved = achieved((r) => r.bareFixed);
  const intakeAchieved = achieved((r) => r.intakeFixed);
  const intakeP99 = latency((r) => r.intakeFixed, 0.99);
  const rawRate = median(rounds.map((r) => r.raw.perSecond));
  const cpu = (pick: (r: Round) => LoadResult) => pct(median(rounds.map((r) => pick(r).serverCpu ?? NaN)));
  const others = rounds.flatMap((r) => [r.bareMax, r.intakeMax, r.bareFixed, r.intakeFixed].map((x) => x.otherCpu ?? NaN));

  const intakeRuns = rounds.flatMap((r, i) => [
    { name: `round ${i + 1}, full speed`, r: r.intakeMax },
    { name: `round ${i + 1}, ${RATE}/s`, r: r.intakeFixed },
  ]);
  const bareRuns = rounds.flatMap((r, i) => [
    { name: `round ${i + 1}, full speed`, r: r.bareMax },
    { name: `round ${i + 1}, ${RATE}/s`, r: r.bareFixed },
  ]);
  const failed = intakeRuns.filter((x) => failures(x.r) > 0);
  const bareFailed = bareRuns.filter((x) => failures(x.r) > 0);
  const clean = failed.length === 0;
  const atRate = intakeAchieved >= RATE * RATE_TOLERANCE;
  const total202 = warmupOk + rounds.reduce((n, r) => n + r.intakeMax.ok + r.intakeFixed.ok, 0);
  const queued = stats.counts.queued ?? 0;
  const otherRows = Object.entries(stats.counts).filter(([s, n]) => s !== 'queued' && n > 0).map(([s, n]) => `${n} ${s}`);

  const latencyRow = (name: string, pick: (r: Round) => LoadResult, rate: number) =>
    `| ${name} | ${rate.toFixed(0)} | ${[0.5, 0.975, 0.99, 1].map((q) => ms(latency(pick, q))).join(' | ')} |`;

  const lines = [
    '## Intake over HTTP next to a bare fastify route (issue 6)',
    '',
    `\`POST /v1/registry-entries\` with the same ${bodyBytes}-byte JSON registry entry on every request (no`,
    '`Idempotency-Key`: each request is a new entry with its own exchange id), loaded by autocannon over',
    `127.0.0.1 with ${o.connections} keep-alive connections, one request in flight on each. Two servers, each in a child`,
    'process of its own so autocannon (in the parent) shares neither event loop: **bare**, fastify with its',
    'defaults and one route that parses the JSON body and answers 202 `{id, status}`; and **pasarela intake**',
    '(`--role intake`, no route workers), which authenticates the Bearer key (a journal lookup), validates',
    'the entry (schema and business rules), builds the SICRES fichero once as a dry run, draws the exchange',
    'id from the journal sequence, journals the row, publishes with confirm to a quorum queue and journals',
    '`queued` before answering 202. Its own vhost and SQLite journal (WAL, synchronous=FULL) in a temp folder;',
    `nothing consumes the queue. ${o.warmupSeconds} s of warm-up against each first (not counted), then ${rounds.length} rounds of ${o.seconds} s runs`,
    `alternating bare and intake: at full speed, then at a fixed ${RATE} requests/s (autocannon \`overallRate\`).`,
    'Medians of rounds, for rates and for each latency percentile (each round\'s own, over its every response).',
    '',
    '| measure | bare fastify | pasarela intake | intake / bare | target | |',
    '|---|---:|---:|---:|---|---|',
    `| 2xx answers per second, full speed | ${bareRate.toFixed(0)} | ${intakeRate.toFixed(0)} | ${ratio.toFixed(3)} | ≥ ${RATIO_TARGET.toFixed(2)} | ${met(clean && ratio >= RATIO_TARGET)} |`,
    `| server process CPU at full speed (share of one core) | ${cpu((r) => r.bareMax)} | ${cpu((r) => r.intakeMax)} | – | | |`,
    `| p99 latency at ${RATE}/s (ms) | ${ms(bareP99)} | ${ms(intakeP99)} | – | < ${P99_TARGET_MS} ms at ${RATE}/s | ${met(clean && atRate && intakeP99 < P99_TARGET_MS)} |`,
    '',
    `Per-round intake/bare throughput ratios: ${ratios.map((r) => r.toFixed(3)).join(', ')}.`,
    '',
    `For scale, in the same rounds: raw amqplib publishing ${RAW_COUNT} persistent 1 KB messages with confirms to a quorum`,
    `queue, ${o.connections} in flight, no HTTP and no journal (the broker's own cost, which intake pays once per entry):`,
    `${rawRate.toFixed(0)} per second, ${(rawRate / bareRate).toFixed(3)} of the bare route's rate; intake reaches ${(intakeRate / rawRate).toFixed(3)} of it.`,
    ...(rawRate / bareRate < RATIO_TARGET ? [
      `At this concurrency the broker's confirmed publish alone stays below the throughput target (${RATIO_TARGET.toFixed(2)} of the bare route).`,
    ] : []),
    '',
    `Latency at a fixed ${RATE}/s (ms, each response's time from its request being written):`,
    '',
    '| server | achieved per second | p50 | p97.5 | p99 | max (any round) |',
    '|---|---:|---:|---:|---:|---:|',
    latencyRow('bare fastify', (r) => r.bareFixed, bareAchieved),
    latencyRow('pasarela intake', (r) => r.intakeFixed, intakeAchieved),
    '',
    `Per-round intake p99 at ${RATE}/s: ${rounds.map((r) => ms(quantile(r.intakeFixed.latencies, 0.99))).join(', ')} ms.`,
    ...(atRate ? [] : [
      `Intake did not keep up with ${RATE}/s (median achieved ${intakeAchieved.toFixed(0)}/s): its latencies above are those of`,
      'a saturated server, so the latency target is not met whatever they are.',
    ]),
    '',
    `How autocannon paces (9.0.0, \`lib/httpClient.js\`): \`overallRate\` gives each of the ${o.connections} connections a quota of`,
    `${RATE / o.connections} requests a second, sent back to back from the start of each second, then it waits for the next. So the`,
    `fixed-rate latencies are those of bursts with ${o.connections} requests in flight, not of evenly spaced arrivals: a harsher`,
    `test than a smooth ${RATE}/s. Compare intake's p50 with ${o.connections} ÷ its full-speed rate (${ms((o.connections / intakeRate) * 1000)} ms): a burst is served at`,
    'full speed, so where the two are close this latency mostly restates throughput. autocannon\'s own summary',
    'histogram is not used: with a rate set it adds coordinated-omission samples at a 1 ms interval (more samples than',
    'responses). The CPU row shows how near each server\'s one event loop came to a full core; autocannon and RabbitMQ',
    'share the same 2 cores, so the absolute rates depend on what else the machine was doing: compare the ratios.',
    `Other processes (neither the servers, autocannon nor RabbitMQ) used ${pct(median(others))} of a core in the median run, ${pct(Math.max(...others))} at most;`,
    'a round with much more than that is noise, which the medians of rounds damp but do not remove.',
    '',
    clean
      ? `Every intake answer was 202 (${total202} in all, warm-up included).`
      : `**Intake runs with failures:** ${failed.map((x) => `${x.name}: ${describeFailures(x.r)}`).join('; ')}. These runs count only 2xx answers as throughput; the targets are not met while any request fails.`,
    ...(bareFailed.length ? [`Bare route runs with failures: ${bareFailed.map((x) => `${x.name}: ${describeFailures(x.r)}`).join('; ')}.`] : []),
    `Afterwards the journal held ${queued} entries \`queued\`${otherRows.length ? ` and ${otherRows.join(', ')}` : ' and none in any other status'}, and the`,
    `work queue ${stats.queueDepth} messages (autocannon counted ${total202} answers 202; requests still in flight when a run stopped`,
    'are accepted without being counted).',
    '',
    '### Where intake\'s time goes',
    '',
    'A CPU profile of the intake child at full speed (2026-12-01; `BENCH_INTAKE_PROFILE=<dir>` writes one) put about 55% of',
    'its samples inside SQLite statement execution and about 9% more in kysely building and compiling those queries.',
    'better-sqlite3 runs on the event loop, so each commit\'s fsync (synchronous=FULL) blocks it, and kysely\'s SQLite driver',
    'runs one query at a time: the commits of concurrent requests queue behind each other. An entry costs three commits',
    '(exchange-id sequence, row, `queued`), about 0.9 ms together when timed one entry at a time (0.25 ms with the journal',
    'in memory), which alone caps intake near 1100 entries a second. The broker confirm (about 0.8 ms) leaves the loop',
    'free and overlaps across requests. Everything else is small: key lookup (SHA-256 and an indexed read) 0.06 ms,',
    'decoding 0.02 ms, schema and rules 0.03 ms, the SICRES dry run 0.07 ms (about 5% of the samples). The same intake',
    'with the journal in memory (not durable) answered about 2.3 times as many requests, with its process at a full core.',
    '',
  ];
  return lines;
}
