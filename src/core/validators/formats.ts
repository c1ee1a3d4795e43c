import type AjvCore from 'ajv/dist/core';
import { isEniExpedienteId } from '../expediente';
import { isDir3Code, isExchangeId } from './dir3';
import { isValidCif, isValidNie, isValidNif } from './identity';

/**
 * pasarela's own JSON Schema formats. Register them (after `ajv-formats`) on every Ajv
 * instance that validates canonical messages: `addPasarelaFormats(ajv)`.
 */

const SHA256_HEX_RE = /^[0-9a-f]{64}$/;
const BASE64_ALPHABET_RE = /^[A-Za-z0-9+/]*={0,2}$/;

export function isSha256Hex(value: unknown): boolean {
  return typeof value === 'string' && SHA256_HEX_RE.test(value);
}

/**
 * Strict canonical base64 (RFC 4648 §4): standard alphabet, correct `=` padding, unused bits
 * zero, no whitespace or line breaks. The empty string is the encoding of zero bytes.
 */
export function isCanonicalBase64(value: unknown): boolean {
  if (typeof value !== 'string' || value.length % 4 !== 0) return false;
  if (!BASE64_ALPHABET_RE.test(value)) return false;
  // Re-encoding catches non-zero padding bits and misplaced '=' without a hand-written decoder.
  return Buffer.from(value, 'base64').toString('base64') === value;
}

/** Format name -> validator. Names are the ones the canonical schemas use. */
export const pasarelaFormats: Readonly<Record<string, (value: string) => boolean>> = {
  nif: isValidNif,
  nie: isValidNie,
  cif: isValidCif,
  dir3: isDir3Code,
  'exchange-id': isExchangeId,
  'eni-expediente-id': isEniExpedienteId,
  'sha256-hex': isSha256Hex,
  base64: isCanonicalBase64,
};

/** Adds pasarela's formats to `ajv` (string formats only) and returns it. */
export function addPasarelaFormats<A extends AjvCore>(ajv: A): A {
  for (const [name, validate] of Object.entries(pasarelaFormats)) {
    ajv.addFormat(name, { type: 'string', validate });
  }
  return ajv;
}
