import pino, { type Logger } from 'pino';

/**
 * Paths never written to logs. Pino wildcards cover exactly one level, so each depth a citizen
 * field can appear at is listed. Better still: log identifiers, never payloads.
 */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'headers.authorization',
  'authorization',
  'apiKey',
  'key',
  'token',
  'password',
  'passphrase',
  'privateKey',
  'payload',
  'envelope.payload',
  'body',
  'fichero',
  'registro',
  '*.documentNumber',
  '*.name',
  '*.firstSurname',
  '*.secondSurname',
  '*.address',
  '*.content',
  '*.payload',
];

/**
 * Keys of HTTP-client errors (axios, node-soap) that carry the whole request or response: the
 * fichero with names, identity numbers and annexes. Dropped from every logged error and cause.
 */
const ERROR_KEYS_DROPPED = new Set(['config', 'request', 'response', 'data', 'body', 'root', 'headers', 'socket', 'payload', 'envelope']);

function prune(value: unknown, depth: number): unknown {
  if (value === null || typeof value !== 'object' || depth > 6) return value;
  if (Array.isArray(value)) return value.map((v) => prune(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) if (!ERROR_KEYS_DROPPED.has(k)) out[k] = prune(v, depth + 1);
  return out;
}

/** The codes along an error's `cause` chain: pino folds causes into the message and drops them. */
function causeCodes(err: Error): string[] {
  const codes: string[] = [];
  let cause: unknown = err.cause;
  for (let i = 0; i < 5 && cause instanceof Error; i++, cause = cause.cause) {
    const code = (cause as { code?: unknown }).code;
    if (typeof code === 'string' || typeof code === 'number') codes.push(String(code));
  }
  return codes;
}

/** pino's error serializer (message, stack, code…) minus request and response bodies. */
export function safeErrorSerializer(err: unknown): unknown {
  if (!(err instanceof Error)) return prune(err, 0);
  const out = prune(pino.stdSerializers.err(err), 0) as Record<string, unknown>;
  const codes = causeCodes(err);
  if (codes.length) out.causeCodes = codes;
  return out;
}

export interface LoggerOptions {
  level?: string;
  name?: string;
  /** Where lines go; stdout by default (tests pass a stream to read them). */
  destination?: pino.DestinationStream;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const options = {
    name: opts.name ?? 'pasarela',
    level: opts.level ?? process.env.PASARELA_LOG_LEVEL ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
    serializers: { err: safeErrorSerializer },
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}

/** A logger that writes nothing, for tests and benchmarks. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
