import { parseJsonBody } from '../../../src/core/safe-json';
import { expectCode } from '../../helpers/errors';

const bytes = (s: string) => Buffer.from(s, 'utf8');

describe('parsing untrusted JSON bodies', () => {
  it('parses a valid body', () => {
    expect(parseJsonBody(bytes('{"a":[1,{"b":"x"}]}'))).toEqual({ a: [1, { b: 'x' }] });
  });

  it('refuses 10,000-deep nesting with INTAKE_TOO_DEEP before parsing', () => {
    expectCode(() => parseJsonBody(bytes('['.repeat(10_000) + ']'.repeat(10_000))), 'INTAKE_TOO_DEEP');
    expectCode(() => parseJsonBody(bytes('{"a":'.repeat(65) + '1' + '}'.repeat(65))), 'INTAKE_TOO_DEEP');
  });

  it('does not count brackets inside strings, escaped quotes included', () => {
    const text = JSON.stringify({ s: '[[[[{{{{\\"' + '['.repeat(200) });
    expect(parseJsonBody(bytes(text))).toEqual(JSON.parse(text));
  });

  it('refuses malformed JSON with INTAKE_INVALID_JSON', () => {
    for (const bad of ['{', '{"a":1,}', '', 'nul', '{"a":1}{"b":2}']) expectCode(() => parseJsonBody(bytes(bad)), 'INTAKE_INVALID_JSON');
  });

  it('refuses prototype keys and leaves Object.prototype untouched', () => {
    expectCode(() => parseJsonBody(bytes('{"__proto__":{"polluted":true}}')), 'INTAKE_INVALID_JSON');
    expectCode(() => parseJsonBody(bytes('{"constructor":{"prototype":{"polluted":true}}}')), 'INTAKE_INVALID_JSON');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses invalid UTF-8 with INTAKE_INVALID_ENCODING', () => {
    expectCode(() => parseJsonBody(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xe9, 0x22, 0x7d])), 'INTAKE_INVALID_ENCODING');
  });
});
