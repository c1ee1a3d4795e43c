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
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  return pino({
    name: opts.name ?? 'pasarela',
    level: opts.level ?? process.env.PASARELA_LOG_LEVEL ?? 'info',
    redact: { paths: REDACT_PATHS, censor: '[REDACTED]' },
  });
}

/** A logger that writes nothing, for tests and benchmarks. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
