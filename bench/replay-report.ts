import { replayBench, type LiveStats } from './replay-bulk';

const ms = (x: number): string => (x < 10 ? x.toFixed(2) : x.toFixed(1));
const row = (name: string, s: LiveStats): string =>
  `| ${name} | ${s.responses} | ${s.perSecond.toFixed(0)} | ${s.non2xx} | ${ms(s.p50)} | ${ms(s.p99)} |`;

/** The BENCHMARKS.md section of issue 7's bulk replay (bench/replay-bulk.ts). */
export async function replaySection(parked: number, rate: number, baselineSeconds: number): Promise<string[]> {
  const r = await replayBench({ parked, rate, baselineSeconds, connections: 10 });
  const baselineP99 = (r.liveBefore.p99 + r.liveAfter.p99) / 2;
  return [
    `## Bulk replay of ${parked.toLocaleString('en')} parked entries, with live traffic`,
    '',
    `${parked.toLocaleString('en')} registry entries parked after a SIR outage (written into a fresh SQLite journal in`,
    `${r.seedSeconds.toFixed(1)} s) are replayed by ONE bulk replay job (\`POST /admin/v1/replays\`, filter by route, no`,
    `rate limit: the worst case for live traffic) in a \`pasarela serve --role all\` child process, which`,
    `also takes live traffic: new entries posted at ${rate} requests/s by 10 connections from this process,`,
    'and delivers everything to the SIR simulator (its own process). Live traffic alone before and',
    'after the replay is the baseline, in the same run.',
    '',
    `- Replay (job created → every replay committed and published): **${r.replaySeconds.toFixed(1)} s**,`,
    `  ${(parked / r.replaySeconds).toFixed(0)} replays/s.`,
    `- Delivered (job created → the replays' backlog delivered to SIR): **${r.deliveredSeconds.toFixed(1)} s**,`,
    `  ${(parked / r.deliveredSeconds).toFixed(0)} entries/s, besides the live traffic.`,
    `- SIR saw ${r.sirUnique.toLocaleString('en')} distinct exchanges and **${r.duplicates} duplicates**.`,
    '',
    '| live traffic window | responses | per s | non-2xx | p50 ms | p99 ms |',
    '|---|---:|---:|---:|---:|---:|',
    row('before the replay', r.liveBefore),
    row('during the replay and its delivery', r.liveDuring),
    row('… while the job replayed', r.liveReplaying),
    row('… while its backlog was delivered', r.liveDelivering),
    row('after the replay', r.liveAfter),
    '',
    `Live p99 during the replay and its delivery is **${(r.liveDuring.p99 / baselineP99).toFixed(2)}×** the p99 without it`,
    `(mean of before and after: ${ms(baselineP99)} ms); **${(r.liveReplaying.p99 / baselineP99).toFixed(2)}×** while the job itself`,
    `replayed, **${(r.liveDelivering.p99 / baselineP99).toFixed(2)}×** while the backlog was delivered. The job is quick; what`,
    `costs live traffic is delivering ${parked.toLocaleString('en')} extra entries on the same cores (pasarela, RabbitMQ,`,
    'the simulator and the load generator share them), and live entries posted meanwhile wait',
    'behind the backlog in the route\'s queue for delivery (not for their `202`). A `ratePerSecond`',
    'on the job spreads that work out (docs/operators.md).',
    '',
  ];
}
