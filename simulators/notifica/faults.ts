/**
 * The Notific@ simulator's fault-injection knobs, with the SIR simulator's semantics
 * (simulators/sir/faults.ts): a set is always whole, missing fields take the no-fault defaults
 * (posting `{}` clears every fault) and unknown fields are refused. Besides SIR's knobs it has
 * the failures that matter for an asynchronous service with callbacks.
 */
export interface NotificaFaults {
  /** Share of SOAP requests answered HTTP 500 with a `soapenv:Server` fault; nothing done. */
  errorRate: number;
  /** Share answered `codigoRespuesta` `400` (a refusal for good); nothing done. */
  fatalRate: number;
  /** Share processed (an altaRemesaEnvios creates its envíos) and then never answered. */
  timeoutRate: number;
  /** Share whose connection is reset before anything is read into the service. */
  resetRate: number;
  /** Share processed (an altaRemesaEnvios creates its envíos) whose connection is then destroyed instead of answered. */
  lostAnswerRate: number;
  /** Uniform delay before each answer, `[min, max]` milliseconds. */
  latencyMs: [number, number];
  /** Refuse connections: the listener closes, and opens again after `downForMs`. */
  down: boolean;
  /** How long `down` lasts. @defaultValue {@link DEFAULT_DOWN_FOR_MS} */
  downForMs?: number;
  /** Share of state callbacks never sent (the state still changes). */
  callbackLossRate: number;
  /** Share of state callbacks sent twice. */
  callbackDuplicateRate: number;
  /** Send (and wait for) each new envío's first state callback before writing the altaRemesaEnvios answer. */
  callbackBeforeAnswer: boolean;
}

export const DEFAULT_DOWN_FOR_MS = 10_000;
export const MAX_DOWN_FOR_MS = 600_000;
export const MAX_LATENCY_MS = 60_000;

/** Rates need not add up exactly: 0.1 + 0.2 + 0.7 is 1.0000000000000002 in floating point. */
const RATE_SUM_SLACK = 1e-9;

/** The request rates: one draw per SOAP request picks at most one of them. */
export const REQUEST_RATES = ['resetRate', 'errorRate', 'fatalRate', 'timeoutRate', 'lostAnswerRate'] as const;
/** The callback rates: one draw per state callback picks at most one of them. */
export const CALLBACK_RATES = ['callbackLossRate', 'callbackDuplicateRate'] as const;
type RateField = (typeof REQUEST_RATES)[number] | (typeof CALLBACK_RATES)[number];
const KNOWN_FIELDS: ReadonlySet<string> = new Set([...REQUEST_RATES, ...CALLBACK_RATES, 'latencyMs', 'down', 'downForMs', 'callbackBeforeAnswer']);

export function noFaults(): NotificaFaults {
  return {
    errorRate: 0, fatalRate: 0, timeoutRate: 0, resetRate: 0, lostAnswerRate: 0, latencyMs: [0, 0], down: false,
    callbackLossRate: 0, callbackDuplicateRate: 0, callbackBeforeAnswer: false,
  };
}

export type FaultsCheck = { ok: true; faults: NotificaFaults } | { ok: false; detail: string };

const bad = (detail: string): FaultsCheck => ({ ok: false, detail });
const isRate = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v >= 0 && v <= 1;
const isIntIn = (v: unknown, min: number, max: number): v is number => Number.isInteger(v) && (v as number) >= min && (v as number) <= max;

/** `[min, max]` integer milliseconds within `[0, limit]`, or why not. */
export function checkRange(v: unknown, field: string, limit = MAX_LATENCY_MS): [number, number] | string {
  if (!Array.isArray(v) || v.length !== 2) return `${field} must be an array [min, max]`;
  const [min, max] = v as unknown[];
  if (!isIntIn(min, 0, limit) || !isIntIn(max, 0, limit)) return `${field} bounds must be integers from 0 to ${limit}`;
  if (min > max) return `${field} min must not exceed max`;
  return [min, max];
}

function checkRates(o: Record<string, unknown>, fields: readonly RateField[], f: NotificaFaults): string | undefined {
  for (const k of fields) {
    if (o[k] === undefined) continue;
    if (!isRate(o[k])) return `${k} must be a number from 0 to 1`;
    f[k] = o[k];
  }
  if (fields.reduce((sum, k) => sum + f[k], 0) > 1 + RATE_SUM_SLACK) return `${fields.join(' + ')} add up to more than 1`;
  return undefined;
}

function checkFlags(o: Record<string, unknown>, f: NotificaFaults): string | undefined {
  for (const k of ['down', 'callbackBeforeAnswer'] as const) {
    if (o[k] === undefined) continue;
    if (typeof o[k] !== 'boolean') return `${k} must be true or false`;
    f[k] = o[k];
  }
  if (o.downForMs !== undefined) {
    if (!isIntIn(o.downForMs, 1, MAX_DOWN_FOR_MS)) return `downForMs must be an integer from 1 to ${MAX_DOWN_FOR_MS}`;
    f.downForMs = o.downForMs;
  }
  return undefined;
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
  const problem = checkRates(o, REQUEST_RATES, f) ?? checkRates(o, CALLBACK_RATES, f) ?? checkFlags(o, f);
  if (problem !== undefined) return bad(problem);
  if (o.latencyMs !== undefined) {
    const latency = checkRange(o.latencyMs, 'latencyMs');
    if (typeof latency === 'string') return bad(latency);
    f.latencyMs = latency;
  }
  return { ok: true, faults: f };
}

/** What happens to one SOAP request. */
export type RequestFault = 'reset' | 'error' | 'fatal' | 'timeout' | 'lost-answer' | 'none';
/** What happens to one state callback. */
export type CallbackFault = 'lost' | 'duplicate' | 'none';

function band<K extends string>(f: NotificaFaults, r: number, bands: [RateField, K][], none: K): K {
  let edge = 0;
  for (const [field, kind] of bands) {
    edge += f[field];
    if (r < edge) return kind;
  }
  return none;
}

/** The fate of one request from one uniform draw `r` in [0, 1): consecutive bands in {@link REQUEST_RATES} order. */
export function pickRequestFault(f: NotificaFaults, r: number): RequestFault {
  return band<RequestFault>(f, r, [['resetRate', 'reset'], ['errorRate', 'error'], ['fatalRate', 'fatal'], ['timeoutRate', 'timeout'], ['lostAnswerRate', 'lost-answer']], 'none');
}

/** The fate of one callback from one uniform draw `r` in [0, 1). */
export function pickCallbackFault(f: NotificaFaults, r: number): CallbackFault {
  return band<CallbackFault>(f, r, [['callbackLossRate', 'lost'], ['callbackDuplicateRate', 'duplicate']], 'none');
}

/** A delay drawn uniformly from `[min, max]`, bounds included, from a uniform draw `r` in [0, 1). */
export function delayIn([min, max]: [number, number], r: number): number {
  return Math.min(max, min + Math.floor(r * (max - min + 1)));
}
