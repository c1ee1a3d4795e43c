/**
 * The simulator's fault-injection knobs: what share of SOAP requests fail, how, and how slowly
 * the rest are answered. A set is always whole: missing fields take the no-fault defaults, so
 * posting `{}` clears every fault.
 */
export interface Faults {
  /** Share answered with a retryable error: HTTP 500 soap:Server, or RespuestaWS `0039`. */
  errorRate: number;
  /** Share answered with a non-retryable RespuestaWS `0037`. */
  fatalRate: number;
  /** Share whose fichero is accepted and recorded, and then never answered. */
  timeoutRate: number;
  /** Share whose connection is reset before any answer. */
  resetRate: number;
  /** Uniform delay before each answer, `[min, max]` milliseconds. */
  latencyMs: [number, number];
  /** Refuse connections: the listener closes, and opens again after `downForMs`. */
  down: boolean;
  /** How long `down` lasts. @defaultValue {@link DEFAULT_DOWN_FOR_MS} */
  downForMs?: number;
}

export const DEFAULT_DOWN_FOR_MS = 10_000;
export const MAX_DOWN_FOR_MS = 600_000;
export const MAX_LATENCY_MS = 60_000;

/** Rates need not add up exactly: 0.1 + 0.2 + 0.7 is 1.0000000000000002 in floating point. */
const RATE_SUM_SLACK = 1e-9;

export const RATE_FIELDS = ['errorRate', 'fatalRate', 'timeoutRate', 'resetRate'] as const;
type RateField = (typeof RATE_FIELDS)[number];
const KNOWN_FIELDS: ReadonlySet<string> = new Set([...RATE_FIELDS, 'latencyMs', 'down', 'downForMs']);

export function noFaults(): Faults {
  return { errorRate: 0, fatalRate: 0, timeoutRate: 0, resetRate: 0, latencyMs: [0, 0], down: false };
}

export type FaultsCheck = { ok: true; faults: Faults } | { ok: false; detail: string };

const bad = (detail: string): FaultsCheck => ({ ok: false, detail });

const isRate = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1;
const isIntIn = (v: unknown, min: number, max: number): v is number => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

function checkLatency(v: unknown): [number, number] | string {
  if (!Array.isArray(v) || v.length !== 2) return 'latencyMs must be an array [min, max]';
  const [min, max] = v as unknown[];
  if (!isIntIn(min, 0, MAX_LATENCY_MS) || !isIntIn(max, 0, MAX_LATENCY_MS)) return `latencyMs bounds must be integers from 0 to ${MAX_LATENCY_MS}`;
  if (min > max) return 'latencyMs min must not exceed max';
  return [min, max];
}

/**
 * Validate an untrusted set (a parsed JSON body, environment values, a test's partial set).
 * Unknown fields are refused rather than ignored: a misspelt knob must not silently do nothing.
 */
export function checkFaults(input: unknown): FaultsCheck {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return bad('the faults must be a JSON object');
  const o = input as Record<string, unknown>;
  const unknown = Object.keys(o).find((k) => !KNOWN_FIELDS.has(k));
  if (unknown !== undefined) return bad(`unknown field ${JSON.stringify(unknown.slice(0, 40))}`);
  const f = noFaults();
  for (const k of RATE_FIELDS) {
    if (o[k] === undefined) continue;
    if (!isRate(o[k])) return bad(`${k} must be a number from 0 to 1`);
    f[k] = o[k];
  }
  if (RATE_FIELDS.reduce((sum, k) => sum + f[k], 0) > 1 + RATE_SUM_SLACK) return bad('the rates add up to more than 1');
  if (o.latencyMs !== undefined) {
    const latency = checkLatency(o.latencyMs);
    if (typeof latency === 'string') return bad(latency);
    f.latencyMs = latency;
  }
  if (o.down !== undefined) {
    if (typeof o.down !== 'boolean') return bad('down must be true or false');
    f.down = o.down;
  }
  if (o.downForMs !== undefined) {
    if (!isIntIn(o.downForMs, 1, MAX_DOWN_FOR_MS)) return bad(`downForMs must be an integer from 1 to ${MAX_DOWN_FOR_MS}`);
    f.downForMs = o.downForMs;
  }
  return { ok: true, faults: f };
}

/** What happens to one SOAP request. `server-error` and `transient` are the two kinds of error. */
export type FaultKind = 'reset' | 'server-error' | 'transient' | 'fatal' | 'timeout' | 'none';

/**
 * Pick the fate of one request from one uniform draw `r` in [0, 1): consecutive bands of width
 * resetRate, errorRate (its lower half an HTTP 500, its upper half a `0039`), fatalRate and
 * timeoutRate, and no fault for the rest.
 */
export function pickFault(f: Faults, r: number): FaultKind {
  const bands: [RateField, FaultKind][] = [['resetRate', 'reset'], ['errorRate', 'server-error'], ['fatalRate', 'fatal'], ['timeoutRate', 'timeout']];
  let edge = 0;
  for (const [field, kind] of bands) {
    const width = f[field];
    if (r < edge + width) return kind === 'server-error' && r >= edge + width / 2 ? 'transient' : kind;
    edge += width;
  }
  return 'none';
}

/** A delay drawn uniformly from `latencyMs`, bounds included, from a uniform draw `r` in [0, 1). */
export function latencyOf(f: Faults, r: number): number {
  const [min, max] = f.latencyMs;
  return Math.min(max, min + Math.floor(r * (max - min + 1)));
}
