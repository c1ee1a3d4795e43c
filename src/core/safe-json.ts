import sjson from 'secure-json-parse';
import { Errors, PasarelaError } from './errors';
import { decodeUtf8 } from './text-encoding';

/**
 * JSON from untrusted bytes: strict UTF-8 (RFC 8259 §8.1), nesting bounded before parsing (a
 * 10,000-deep body never reaches JSON.parse or any recursive walk after it), and `__proto__` /
 * `constructor.prototype` keys refused as fastify's own parser does.
 */

/** No canonical message nests deeper than 8; 64 leaves room for extensions. */
export const MAX_JSON_DEPTH = 64;

export function parseJsonBody(bytes: Buffer, maxDepth = MAX_JSON_DEPTH): unknown {
  const text = decodeUtf8(bytes);
  checkDepth(text, maxDepth);
  try {
    return sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch (e) {
    const detail = e instanceof SyntaxError ? e.message.slice(0, 160) : 'forbidden key (__proto__ or constructor.prototype)';
    throw new PasarelaError(Errors.INTAKE_INVALID_JSON, `The body is not valid JSON: ${detail}`, { cause: e });
  }
}

/** One linear scan counting brackets outside strings; throws INTAKE_TOO_DEEP past `max`. */
function checkDepth(text: string, max: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) {
      if (++depth > max) throw new PasarelaError(Errors.INTAKE_TOO_DEEP, `The JSON nests deeper than ${max} levels`);
    } else if (c === 0x7d || c === 0x5d) depth--;
  }
}
