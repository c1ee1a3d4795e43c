import { checkFaults, DEFAULT_DOWN_FOR_MS, noFaults, type Faults, type FaultsCheck } from '../sir/faults';

/**
 * The Carpeta simulator's fault knobs: exactly SIR's set (simulators/sir/faults.ts), checked by
 * SIR's own `checkFaults`, so the semantics cannot drift: a set is always whole, `{}` clears
 * every fault, unknown fields are refused, the four rates add up to at most 1. Only the way each
 * fault shows on the wire is Carpeta's own (a REST JSON endpoint, not SOAP): see {@link pickFault}.
 */
export type CarpetaFaults = Faults;
export { checkFaults, DEFAULT_DOWN_FOR_MS, noFaults, type FaultsCheck };

/**
 * What happens to one push request: `reset` destroys the socket, `error` is an HTTP 503,
 * `fatal` an HTTP 422 refusal (nothing stored), `timeout` stores the change and never answers.
 */
export type PushFault = 'reset' | 'error' | 'fatal' | 'timeout' | 'none';

/** The fate of one request from one uniform draw `r` in [0, 1): consecutive bands reset, error, fatal, timeout. */
export function pickFault(f: CarpetaFaults, r: number): PushFault {
  const bands: [keyof CarpetaFaults & `${string}Rate`, PushFault][] = [['resetRate', 'reset'], ['errorRate', 'error'], ['fatalRate', 'fatal'], ['timeoutRate', 'timeout']];
  let edge = 0;
  for (const [field, kind] of bands) {
    edge += f[field];
    if (r < edge) return kind;
  }
  return 'none';
}

/** A delay drawn uniformly from `latencyMs`, bounds included, from a uniform draw `r` in [0, 1). */
export function delayIn([min, max]: [number, number], r: number): number {
  return Math.min(max, min + Math.floor(r * (max - min + 1)));
}
