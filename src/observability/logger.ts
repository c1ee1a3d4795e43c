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
  };
  return opts.destination ? pino(options, opts.destination) : pino(options);
}

/** A logger that writes nothing, for tests and benchmarks. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
