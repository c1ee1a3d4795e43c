/** A running count read at a moment: seconds since the clock started, and the count then. */
export interface Sample {
  t: number;
  n: number;
}

/**
 * The highest rate over any stretch of at least `windowS` seconds between two samples: for each
 * sample, the latest earlier one at least `windowS` before it. Sampled every ~100 ms, so a 1 s
 * window can only understate a burst slightly, never overstate it.
 */
export function peakRate(samples: Sample[], windowS: number): number {
  let peak = 0;
  let j = 0;
  for (let i = 0; i < samples.length; i++) {
    while (j + 1 < i && samples[i].t - samples[j + 1].t >= windowS) j++;
    const span = samples[i].t - samples[j].t;
    if (span >= windowS) peak = Math.max(peak, (samples[i].n - samples[j].n) / span);
  }
  return peak;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Seconds elapsed since `start` (a `process.hrtime.bigint()` reading). */
export const secondsSince = (start: bigint): number => Number(process.hrtime.bigint() - start) / 1e9;
