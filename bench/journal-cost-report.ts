import { drainQueued, type JournalKind, type QueuedDrain } from './journal-cost';
import { median } from './samples';

const LABELS: Record<JournalKind, string> = {
  none: 'no journal writes (baseline stub, not durable)',
  sqlite: 'SQLite file (WAL, synchronous=FULL)',
  postgres: 'PostgreSQL (local server)',
};

/** Alternating rounds of the queued drain on each journal, and the BENCHMARKS.md section. */
export async function journalCostSection(count: number, rounds: number, withPostgres: boolean): Promise<string[]> {
  const kinds: JournalKind[] = withPostgres ? ['none', 'sqlite', 'postgres'] : ['none', 'sqlite'];
  const runs: Record<JournalKind, QueuedDrain[]> = { none: [], sqlite: [], postgres: [] };
  for (let round = 1; round <= rounds; round++) {
    for (const kind of kinds) runs[kind].push(await drainQueued(kind, count));
    process.stdout.write(`journal cost round ${round}: ${kinds.map((k) => `${k} ${runs[k][round - 1].perSecond.toFixed(0)}/s`).join(', ')}\n`);
  }
  const rate = (k: JournalKind): number => median(runs[k].map((d) => d.perSecond));
  const msPer = (k: JournalKind): number => 1000 / rate(k);
  const base = rate('none');
  const line = (k: JournalKind): string =>
    `| ${LABELS[k]} | ${rate(k).toFixed(0)} | ${msPer(k).toFixed(2)} | ${k === 'none' ? '–' : (msPer(k) - msPer('none')).toFixed(2)} | ${(rate(k) / base).toFixed(3)} |`;
  const perRound = (k: JournalKind): string => runs[k].map((d, i) => (d.perSecond / runs.none[i].perSecond).toFixed(2)).join(', ');
  return [
    '## Journal cost per delivery (issue 4)',
    '',
    `The route worker delivering ${count} messages that are already queued (the shipped route without its rate limit,`,
    'prefetch 8, one process; the SIR simulator in its own): the clock runs from the worker\'s start until the',
    'journal counts every message `delivered`. Before that, and not timed, intake\'s acceptance code (without HTTP)',
    'assigns the exchange ids, journals and queues them. Per delivery the worker reads the message row, claims it',
    '(`delivering`, its lease) and records `delivered`: one read and two commits (intake\'s three commits per entry',
    'are outside this clock). The same pipeline runs on each journal, a fresh vhost, journal and simulator each time,',
    `alternating in each of ${rounds} rounds; medians. "ms per delivery" is 1000 / rate: wall time per delivery at this`,
    `concurrency, not the latency of one. The baseline is **not a journal**: an in-process stub whose writes`,
    'are no-ops and whose reads return the row from memory. Nothing it holds is durable; it exists only to show what',
    `the journal writes cost.${withPostgres ? '' : ' PostgreSQL was not reachable in this run, so it is left out.'}`,
    '',
    '| journal | delivered per second | ms per delivery | journal cost per delivery (ms) | ratio to no journal |',
    '|---|---:|---:|---:|---:|',
    ...kinds.map(line),
    '',
    `Per-round ratios to the baseline: ${kinds.filter((k) => k !== 'none').map((k) => `${k} ${perRound(k)}`).join('; ')}.`,
    '',
  ];
}
