import fc from 'fast-check';
import { adapters } from '../../adapters';
import type { Adapter } from '../../src/core/plugin';
import { ADAPTER_SAMPLES, sampleFor } from './adapter-samples';
import { contractViolations, decodeOutcome, metaFor } from './adapter-contract';
import { jsonFieldMutationsOf, mutationsOf } from './mutations';

/**
 * Property-based conformance (fast-check) over every adapter in `adapters/index.ts`: whatever
 * the bytes, an adapter returns well-formed messages or throws a non-retryable catalog error,
 * never anything else, and never hangs; and each message it returns without problems goes
 * through intake's own checks (`checkItem`) to an entry that passes the schema, or to a
 * non-retryable catalog error. So "a valid canonical message or a coded error" holds end to
 * end. fast-check picks a new seed each run and prints it with any counterexample;
 * FC_SEED=<seed> replays a run, FC_RUNS=<n> runs more cases.
 */

const registered = Object.entries(adapters);
const jsonAdapters = registered.filter(([key]) => ADAPTER_SAMPLES[key]?.syntax === 'json');
/** 200 runs per property keeps CI fast; FC_RUNS=20000 soaks, FC_SEED replays. */
const RUNS: fc.Parameters<unknown> = {
  numRuns: Number(process.env.FC_RUNS ?? 200),
  ...(process.env.FC_SEED && { seed: Number(process.env.FC_SEED) }),
};

/** Raw bytes, short and long, and valid UTF-8 text (which gets past the decoder to the parser). */
const anyBody = fc.oneof(
  fc.uint8Array({ maxLength: 64 }),
  fc.uint8Array({ maxLength: 4096, size: 'max' }),
  fc.string({ unit: 'binary', maxLength: 2048, size: 'max' }).map((s) => Buffer.from(s, 'utf8')),
);

/** The rule, intake's checks included, as a fast-check predicate: throws (with the violations) when it is broken. */
function keepsTheRule(adapter: Adapter<any>, contentType: string) {
  return (raw: Uint8Array, batch: boolean): void => {
    expect(contractViolations(adapter, Buffer.from(raw), metaFor(contentType, batch))).toEqual([]);
  };
}

/** What one decode comes to, comparable across calls: the messages, or the error's code. */
function settled(adapter: Adapter<any>, raw: Buffer, contentType: string, batch: boolean): unknown {
  const outcome = decodeOutcome(adapter, raw, metaFor(contentType, batch));
  return 'thrown' in outcome ? { code: (outcome.thrown as { code?: unknown }).code } : { messages: outcome.messages };
}

describe.each(registered)('the %s adapter, under fast-check', (key, adapter) => {
  it('answers arbitrary bytes and text up to 4 KiB with messages intake finds valid or refuses with a code, or a non-retryable catalog error', () => {
    const { contentType } = sampleFor(key);
    fc.assert(fc.property(anyBody, fc.boolean(), keepsTheRule(adapter, contentType)), RUNS);
  });

  it('answers its sample after byte flips, insertions, deletions, truncation and duplicated slices by the same rule', () => {
    const { body, contentType } = sampleFor(key);
    fc.assert(fc.property(mutationsOf(body), fc.boolean(), keepsTheRule(adapter, contentType)), RUNS);
  });

  it('decodes a mutated sample the same way twice', () => {
    const { body, contentType } = sampleFor(key);
    fc.assert(fc.property(mutationsOf(body), fc.boolean(), (raw, batch) => {
      expect(settled(adapter, raw, contentType, batch)).toStrictEqual(settled(adapter, Buffer.from(raw), contentType, batch));
    }), RUNS);
  });
});

describe.each(jsonAdapters)('the %s adapter, a JSON format, under fast-check', (key, adapter) => {
  const utf8 = (text: string) => Buffer.from(text, 'utf8');

  it('answers any JSON text with messages intake finds valid or refuses with a code, or a non-retryable catalog error', () => {
    const { contentType } = sampleFor(key);
    fc.assert(fc.property(fc.json().map(utf8), fc.boolean(), keepsTheRule(adapter, contentType)), RUNS);
  });

  it('answers any serialised JavaScript value by the same rule', () => {
    const { contentType } = sampleFor(key);
    const serialised = fc.anything().map((v) => utf8(JSON.stringify(v) ?? 'null'));
    fc.assert(fc.property(serialised, fc.boolean(), keepsTheRule(adapter, contentType)), RUNS);
  });

  it('answers its sample with any one value replaced by arbitrary JSON, alone or in a batch beside the sample', () => {
    const { body, contentType } = sampleFor(key);
    const inBatch = (raw: Buffer) => Buffer.concat([utf8('['), body, utf8(','), raw, utf8(']')]);
    fc.assert(fc.property(jsonFieldMutationsOf(body), (raw) => {
      keepsTheRule(adapter, contentType)(raw, false);
      keepsTheRule(adapter, contentType)(inBatch(raw), true);
    }), RUNS);
  });
});
