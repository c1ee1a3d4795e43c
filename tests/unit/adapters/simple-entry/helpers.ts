import { readFileSync } from 'node:fs';
import pino from 'pino';
import { simpleEntry, type SimpleEntryConfig } from '../../../../adapters/simple-entry';
import { isPasarelaError, type PasarelaError } from '../../../../src/core/errors';
import { projectPath } from '../../../../src/core/paths';
import type { DecodedMessage, IntakeMeta } from '../../../../src/core/plugin';

export const MEDIA_TYPE = 'application/vnd.pasarela.simple-entry+json';
const META: IntakeMeta = { tenant: 'L02000023', contentType: MEDIA_TYPE, mediaType: MEDIA_TYPE, system: 'web-forms', batch: false };
const logger = pino({ enabled: false });

/** A golden file under tests/fixtures/adapters/simple-entry/, parsed (a fresh copy each call). */
export function golden(name: string): any {
  return JSON.parse(readFileSync(projectPath('tests', 'fixtures', 'adapters', 'simple-entry', name), 'utf8'));
}

/** The golden web form, to change field by field. */
export function webForm(): any {
  return golden('web-form.input.json');
}

export function decode(body: unknown, meta: Partial<IntakeMeta> = {}, config: SimpleEntryConfig = {}): DecodedMessage[] {
  const raw = Buffer.isBuffer(body) ? body : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body), 'utf8');
  return simpleEntry.decode(raw, { ...META, ...meta }, { config, logger });
}

/** The one payload a single form decodes to; fails the test when the form has problems. */
export function payloadOf(form: unknown, config: SimpleEntryConfig = {}): any {
  const [message, ...rest] = decode(form, {}, config);
  expect(rest).toEqual([]);
  expect(message.problems).toBeUndefined();
  return message.payload;
}

/** `pointer code` of each problem of a single form. */
export function problemsOf(form: unknown): string[] {
  const [message] = decode(form);
  return (message.problems ?? []).map((p) => `${p.pointer} ${p.code}`);
}

/** The catalog error a decode throws; fails the test if it returns or throws anything else. */
export function errorOf(body: unknown, meta: Partial<IntakeMeta> = {}): PasarelaError {
  try {
    decode(body, meta);
  } catch (e) {
    if (isPasarelaError(e)) return e;
    throw e;
  }
  throw new Error('expected decode to throw');
}
