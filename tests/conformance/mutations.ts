import fc from 'fast-check';

/**
 * fast-check arbitraries of inputs near a valid sample: the sample with a few byte-level edits,
 * and (for JSON formats) the sample with one value replaced by arbitrary JSON. Positions are
 * drawn as naturals and taken modulo the current length, so they shrink towards the start.
 */

export type Mutation =
  | { kind: 'flip'; at: number; mask: number }
  | { kind: 'insert'; at: number; bytes: Uint8Array }
  | { kind: 'delete'; at: number; length: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'duplicate'; at: number; length: number; to: number };

const position = fc.nat();
/** Half the edits keep ASCII bytes ASCII, so that they reach the parser rather than the UTF-8 check. */
const mask = fc.oneof(fc.integer({ min: 1, max: 0x7f }), fc.integer({ min: 1, max: 0xff }));
const inserted = fc.oneof(
  fc.uint8Array({ minLength: 1, maxLength: 16, max: 0x7f }),
  fc.uint8Array({ minLength: 1, maxLength: 16 }),
  fc.constantFrom(...['"', '<', '>', '</', '{', '}', '[', ']', ',', ';', '\\', '\n', '&amp;', '<![CDATA['].map((t) => Buffer.from(t))),
);

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: position, mask }),
  fc.record({ kind: fc.constant('insert' as const), at: position, bytes: inserted }),
  fc.record({ kind: fc.constant('delete' as const), at: position, length: fc.integer({ min: 1, max: 64 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: position }),
  fc.record({ kind: fc.constant('duplicate' as const), at: position, length: fc.integer({ min: 1, max: 256 }), to: position }),
);

/** One edit applied to a copy of `body`; the input is never changed. */
export function applyMutation(body: Buffer, m: Mutation): Buffer {
  const at = m.at % (body.length + 1);
  switch (m.kind) {
    case 'flip': {
      const copy = Buffer.from(body);
      if (copy.length > 0) copy[at % copy.length] ^= m.mask;
      return copy;
    }
    case 'insert':
      return Buffer.concat([body.subarray(0, at), Buffer.from(m.bytes), body.subarray(at)]);
    case 'delete':
      return Buffer.concat([body.subarray(0, at), body.subarray(at + m.length)]);
    case 'truncate':
      return Buffer.from(body.subarray(0, at));
    case 'duplicate': {
      const slice = body.subarray(at, at + m.length);
      const to = m.to % (body.length + 1);
      return Buffer.concat([body.subarray(0, to), slice, body.subarray(to)]);
    }
  }
}

/** The sample after one to four edits. */
export function mutationsOf(body: Buffer): fc.Arbitrary<Buffer> {
  return fc.array(mutation, { minLength: 1, maxLength: 4 }).map((ms) => ms.reduce(applyMutation, body));
}

type Path = Array<string | number>;

/** Every path into a JSON value, the root included. */
export function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return [prefix, ...entries.flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
}

function replaceAt(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = structuredClone(value) as Record<string | number, unknown>;
  const parent = path.slice(0, -1).reduce((o: any, k) => o[k], copy);
  parent[path[path.length - 1]] = replacement;
  return copy;
}

/** The JSON sample with the value at one of its paths replaced by arbitrary JSON, serialised. */
export function jsonFieldMutationsOf(body: Buffer): fc.Arbitrary<Buffer> {
  const parsed: unknown = JSON.parse(body.toString('utf8'));
  return fc.tuple(fc.constantFrom(...pathsOf(parsed)), fc.jsonValue({ maxDepth: 3 }))
    .map(([path, replacement]) => Buffer.from(JSON.stringify(replaceAt(parsed, path, replacement)), 'utf8'));
}
