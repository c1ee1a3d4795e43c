import type { Accounting } from './accounting';
import type { DisruptionLog } from './disruptions';
import type { ChaosOptions } from './options';

/** What the report says about the run besides the accounting. */
export interface RunFacts {
  runId: string;
  options: ChaosOptions;
  disruptions: DisruptionLog[];
  settleReason: string;
  /** 503s and failed connections the client retried. */
  intakeRetries: number;
  postingMs: number;
  settlingMs: number;
  totalMs: number;
}

const pct = (r: number): string => `${+(r * 100).toFixed(2)}%`;
const secs = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Rows of `[label, value]` with the values right-aligned in one column. */
export function alignRows(rows: [string, string | number][], indent = '  '): string[] {
  const width = Math.max(...rows.map(([l]) => l.length));
  const valueWidth = Math.max(...rows.map(([, v]) => String(v).length));
  return rows.map(([l, v]) => `${indent}${l.padEnd(width)}  ${String(v).padStart(valueWidth)}`);
}

function accountingRows(a: Accounting, f: RunFacts): [string, string | number][] {
  return [
    ['posted', a.posted],
    ['accepted (202)', a.accepted],
    ['refused (4xx) or given up', a.refused + a.gaveUp],
    ['delivered', a.delivered],
    ['parked', a.parked],
    ['lost (accepted, neither delivered nor parked)', a.lost],
    ['delivered by the journal, never taken by SIR', a.deliveredNotAtSir],
    ['parked though SIR holds the fichero', a.parkedHeldBySir],
    ['journal rows beyond the accepted (not rejected)', a.extraJournalRows],
    ['ficheros SIR took', a.sirReceived],
    ['distinct exchange ids at SIR', a.sirUnique],
    ['re-sends seen by SIR (same id again)', a.resends],
    ['double effects', a.doubleEffects],
    ['  exchange ids of no accepted entry', a.foreignFicheros],
    ['  entries under two or more ids', a.entriesUnderSeveralIds],
    ['faults injected: errors/fatal/time-outs/resets', `${a.faults.errors}/${a.faults.fatals}/${a.faults.timeouts}/${a.faults.resets}`],
    ['intake 503s and failed connections, retried', f.intakeRetries],
  ];
}

export function renderReport(a: Accounting, f: RunFacts): string {
  const o = f.options;
  const fl = o.faults;
  const lines = [
    `pasarela chaos run ${f.runId}: ${o.count} entries, ${o.workers} workers, ${o.concurrency} clients, ${o.journal} journal`,
    `SIR faults: errors ${pct(fl.errorRate)}, fatal ${pct(fl.fatalRate)}, time-outs ${pct(fl.timeoutRate)}, resets ${pct(fl.resetRate)}, latency ${fl.latencyMs[0]}-${fl.latencyMs[1]} ms`,
    '',
    'disruptions (when that share of the entries was posted):',
    ...(f.disruptions.length === 0 ? ['  none'] : f.disruptions.map((d) =>
      `  ${pct(d.at).padStart(4)}  ${d.name}: at ${secs(d.startedMs)}, took ${secs(d.tookMs)}; ${d.ok ? '' : 'FAILED: '}${d.detail}`)),
    '',
    'accounting:',
    ...alignRows(accountingRows(a, f)),
  ];
  if (a.lostSamples.length) lines.push('', 'lost (first ones; see GET /v1/messages/{id}):', ...a.lostSamples.map((s) => `  ${s.id}  ${s.status}`));
  if (a.doubleSamples.length) lines.push('', 'exchange ids that took effect twice (first ones):', ...a.doubleSamples.map((id) => `  ${id}`));
  const rate = f.postingMs > 0 ? ` (${((a.posted * 1000) / f.postingMs).toFixed(0)}/s)` : '';
  lines.push(
    '',
    `timing: posting ${secs(f.postingMs)}${rate}, settling ${secs(f.settlingMs)} (${f.settleReason}), whole run ${secs(f.totalMs)}`,
    a.verdict === 'pass' ? 'verdict: PASS (nothing lost, nothing took effect twice)' : `verdict: FAIL (${a.reasons.join('; ')})`,
  );
  return lines.join('\n') + '\n';
}

/** The one-line JSON summary (`--json`). */
export function summaryJson(a: Accounting, f: RunFacts): string {
  return JSON.stringify({
    runId: f.runId,
    count: f.options.count,
    ...a,
    disruptions: f.disruptions,
    settleReason: f.settleReason,
    intakeRetries: f.intakeRetries,
    postingMs: f.postingMs,
    settlingMs: f.settlingMs,
    totalMs: f.totalMs,
  });
}
