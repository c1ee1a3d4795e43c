import { backlogDrain, type DrainResult } from './backlog-drain';

const s = (x: number): string => `${x.toFixed(1)} s`;
const r = (x: number): string => `${x.toFixed(1)}/s`;
/** A peak of 0 means the drain was shorter than the window. */
const peak = (x: number): string => (x > 0 ? r(x) : '–');

function row(name: string, d: DrainResult): string {
  return `| ${name} | ${s(d.buildSeconds)} | ${s(d.breakerOpenSeconds)} | ${s(d.probeWaitSeconds)} | ${s(d.drainSeconds)} | ${s(d.totalSeconds)} | ${r(d.perSecond)} | ${peak(d.peak1s)} | ${peak(d.peak10s)} |`;
}

/**
 * Whether the limited drain kept to its token bucket: over any stretch of W seconds at most
 * burst + perSecond × W ficheros, so the whole drain too. 2% slack for the 100 ms sampling.
 */
function withinLimit(d: DrainResult): { ok: boolean; boundAll: number; bound1s: number; bound10s: number } {
  const { perSecond, burst } = d.rateLimit!;
  const bound = (w: number): number => burst / w + perSecond;
  const [boundAll, bound1s, bound10s] = [bound(d.drainSeconds), bound(1), bound(10)];
  const ok = [[d.perSecond, boundAll], [d.peak1s, bound1s], [d.peak10s, bound10s]].every(([x, b]) => x <= b * 1.02);
  return { ok, boundAll, bound1s, bound10s };
}

/** Seconds after the breaker opens at which it probes: probeInitialMs, doubling up to probeMaxMs. */
function probeMoments(b: DrainResult['breaker'], n: number): number[] {
  const out: number[] = [];
  let at = 0;
  let wait = b.probeInitialMs;
  for (let i = 0; i < n; i++) {
    at += wait;
    out.push(at / 1000);
    wait = Math.min(b.probeMaxMs, wait * 2);
  }
  return out;
}

/** Both variants of the backlog drain, one round each, and the BENCHMARKS.md section. */
export async function backlogSection(count: number, clients: number): Promise<string[]> {
  const limited = await backlogDrain(count, clients, true);
  process.stdout.write(`backlog (rate-limited): drained ${count} in ${limited.drainSeconds.toFixed(1)} s (${limited.perSecond.toFixed(1)}/s) after a ${limited.probeWaitSeconds.toFixed(1)} s probe wait\n`);
  const unlimited = await backlogDrain(count, clients, false);
  process.stdout.write(`backlog (unlimited): drained ${count} in ${unlimited.drainSeconds.toFixed(1)} s (${unlimited.perSecond.toFixed(1)}/s) after a ${unlimited.probeWaitSeconds.toFixed(1)} s probe wait\n`);
  const limit = limited.rateLimit!;
  const check = withinLimit(limited);
  const duplicates = limited.duplicates + unlimited.duplicates;
  return [
    '## Draining a backlog after an outage (issue 4)',
    '',
    `${count} registry entries of 1 KB are posted by ${clients} HTTP clients to pasarela (intake and worker in one`,
    'process, SQLite journal, the shipped route `registry-entry-to-sir`) while the SIR simulator is down: its port',
    'refuses connections. The first deliveries fail, the circuit breaker opens after `failureThreshold` (5) failures',
    'and the worker stops consuming, so the entries wait journaled (`queued`) in the work queue; the few already tried',
    'come back through the retry ladder. Then the simulator listens again and the clock starts; it stops when the',
    'journal counts every entry `delivered`. The worker resumes when the breaker\'s next probe finds SIR answering;',
    `the shipped breaker probes ${probeMoments(limited.breaker, 7).join(', ')}… s after it opens, so that wait depends on how long`,
    'it had been open and is shown apart from the drain itself. Two variants in the same run, each with its own vhost, journal and',
    `simulator process: the shipped route, rate limit ${limit.perSecond}/s with burst ${limit.burst} (per worker process), and the`,
    'same route without `rateLimit`. One worker process, prefetch 8; one round each. Peaks are ficheros accepted by',
    'SIR over the busiest 1 s and 10 s stretches, from its count sampled every 100 ms.',
    '',
    '| route | backlog built in | breaker open for | probe wait | drain (first fichero to last `delivered`) | total after SIR is back | achieved rate | peak 1 s | peak 10 s |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|',
    row(`rate limit ${limit.perSecond}/s (shipped)`, limited),
    row('no rate limit', unlimited),
    '',
    `Unlimited / limited achieved rate: ${(unlimited.perSecond / limited.perSecond).toFixed(2)}; total time after SIR is back,`,
    `limited / unlimited: ${(limited.totalSeconds / unlimited.totalSeconds).toFixed(2)}. The limited drain ${check.ok ? 'kept' : 'did NOT keep'} to its token bucket, which allows`,
    `${limit.burst} + ${limit.perSecond} × W ficheros in any W seconds (it starts full after the quiet spell; 2% slack for the sampling): ${r(limited.perSecond)} over the whole drain`,
    `(bound ${r(check.boundAll)}), ${peak(limited.peak10s)} over the busiest 10 s (bound ${r(check.bound10s)}), ${peak(limited.peak1s)} over the busiest second (bound ${r(check.bound1s)}).`,
    duplicates === 0 ? 'SIR received no fichero twice.' : `SIR received ${duplicates} ficheros twice (same exchange id; SIR de-duplicates them).`,
    '',
  ];
}
