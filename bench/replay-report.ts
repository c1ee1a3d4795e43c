import { replayBench, type LiveStats, type ReplayRun } from './replay-bulk';

const ms = (x: number): string => (x < 10 ? x.toFixed(2) : x.toFixed(1));
const row = (name: string, s: LiveStats): string =>
  `| ${name} | ${s.responses} | ${s.perSecond.toFixed(0)} | ${s.non2xx} | ${ms(s.p50)} | ${ms(s.p99)} |`;
const jobName = (r: ReplayRun): string => (r.ratePerSecond ? `paced at ${r.ratePerSecond}/s` : 'no rate limit');

/** The BENCHMARKS.md section of issue 7's bulk replay (bench/replay-bulk.ts). */
export async function replaySection(parked: number, rate: number, baselineSeconds: number, pacedRate: number): Promise<string[]> {
  const r = await replayBench({ parked, rate, baselineSeconds, connections: 10, pacedRate });
  const baselineP99 = (r.liveBefore.p99 + r.liveAfter.p99) / 2;
  const ratio = (s: LiveStats): string => `${(s.p99 / baselineP99).toFixed(2)}×`;
  return [
    `## Bulk replay of ${parked.toLocaleString('en')} parked entries, with live traffic`,
    '',
    `${parked.toLocaleString('en')} registry entries parked after a SIR outage (written into the SQLite journal) are`,
    'replayed by ONE bulk replay job (`POST /admin/v1/replays`, filter by route) in a',
    '`pasarela serve --role all` child process, which also takes live traffic: new entries posted at',
    `${rate} requests/s by 10 connections from this process, and delivers everything to the SIR`,
    'simulator (its own process). Twice: a job with no rate limit (the worst case for live',
    `traffic), then another ${parked.toLocaleString('en')} entries replayed by a job paced at ${pacedRate}/s. Live traffic`,
    'alone before and after is the baseline, in the same run.',
    '',
    '| job | replayed (committed and published) | replays/s | delivered to SIR | live p99 while replaying | while its backlog is delivered | overall |',
    '|---|---:|---:|---:|---:|---:|---:|',
    ...r.runs.map((j) => `| ${jobName(j)} | ${j.replaySeconds.toFixed(1)} s | ${(parked / j.replaySeconds).toFixed(0)} | ${j.deliveredSeconds.toFixed(1)} s | ${ratio(j.liveReplaying)} | ${ratio(j.liveDelivering)} | **${ratio(j.liveDuring)}** |`),
    '',
    `SIR saw ${r.sirUnique.toLocaleString('en')} distinct exchanges and **${r.duplicates} duplicates**. Live p99 ratios are to the`,
    `p99 without a replay (mean of before and after: ${ms(baselineP99)} ms). Live traffic in each window:`,
    '',
    '| live traffic window | responses | per s | non-2xx | p50 ms | p99 ms |',
    '|---|---:|---:|---:|---:|---:|',
    row('before the replays', r.liveBefore),
    ...r.runs.flatMap((j) => [
      row(`during the job ${jobName(j)}, and its delivery`, j.liveDuring),
      row('… while the job replayed', j.liveReplaying),
      row('… while its backlog was delivered', j.liveDelivering),
    ]),
    row('after the replays', r.liveAfter),
    '',
    'Both phases cost live traffic on this machine: the job\'s transactions (on SQLite a',
    'transaction holds the event loop, and intake waits for it) and delivering the replays, which',
    'shares two cores with pasarela\'s intake, RabbitMQ, the simulator and the load generator. Live',
    'entries posted meanwhile also wait behind the backlog in the route\'s queue for delivery (not for',
    'their `202`). A rate spreads the same work over a longer time (docs/operators.md).',
    '',
  ];
}
