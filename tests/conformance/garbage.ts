import { createHash } from 'node:crypto';

/**
 * Inputs no adapter can decode, or that sit just beside a valid one, each built from an
 * adapter's valid sample. Every adapter gets every case whatever its syntax: a CSV adapter must
 * survive a deep XML body as well as an XML one.
 */
export interface GarbageCase {
  name: string;
  make(sample: Buffer): Buffer;
}

const DEEP = 10_000;
const MiB = 1024 * 1024;

/** Deterministic "random" bytes: a SHA-256 chain, so a failure names the same bytes every run. */
export function pseudoRandomBytes(length: number, seed = 'pasarela'): Buffer {
  const blocks: Buffer[] = [];
  let block = createHash('sha256').update(seed).digest();
  for (let n = 0; n < length; n += block.length) {
    blocks.push(block);
    block = createHash('sha256').update(block).digest();
  }
  return Buffer.concat(blocks).subarray(0, length);
}

function flipAt(sample: Buffer, at: number): Buffer {
  const copy = Buffer.from(sample);
  if (copy.length > 0) copy[Math.min(at, copy.length - 1)] ^= 0xff;
  return copy;
}

function insertAt(sample: Buffer, bytes: number[]): Buffer {
  const mid = Math.floor(sample.length / 2);
  return Buffer.concat([sample.subarray(0, mid), Buffer.from(bytes), sample.subarray(mid)]);
}

const ascii = (text: string) => Buffer.from(text, 'latin1');

export const GARBAGE: readonly GarbageCase[] = [
  { name: 'an empty body', make: () => Buffer.alloc(0) },
  { name: '4 KiB of random bytes', make: () => pseudoRandomBytes(4096) },
  { name: 'the sample truncated in the middle', make: (s) => s.subarray(0, Math.floor(s.length / 2)) },
  { name: 'the sample without its last byte', make: (s) => s.subarray(0, Math.max(0, s.length - 1)) },
  { name: 'the sample with its first byte flipped', make: (s) => flipAt(s, 0) },
  { name: 'the sample with its middle byte flipped', make: (s) => flipAt(s, Math.floor(s.length / 2)) },
  { name: 'the sample with its last byte flipped', make: (s) => flipAt(s, s.length - 1) },
  { name: 'the bytes 0xFF 0xFE (a UTF-16 byte order mark)', make: () => Buffer.from([0xff, 0xfe]) },
  { name: 'the sample in UTF-16LE with a byte order mark', make: (s) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s.toString('utf8'), 'utf16le')]) },
  { name: 'JSON arrays nested 10,000 deep', make: () => ascii('['.repeat(DEEP) + ']'.repeat(DEEP)) },
  { name: 'JSON objects nested 10,000 deep', make: () => ascii('{"a":'.repeat(DEEP) + '1' + '}'.repeat(DEEP)) },
  { name: 'XML elements nested 10,000 deep', make: () => ascii('<a>'.repeat(DEEP) + '</a>'.repeat(DEEP)) },
  { name: 'XML nested 10,000 deep inside a fichero root', make: () => ascii(`<Fichero_Intercambio_SICRES_3>${'<a>'.repeat(DEEP)}${'</a>'.repeat(DEEP)}</Fichero_Intercambio_SICRES_3>`) },
  { name: "1 MiB of the letter 'a'", make: () => Buffer.alloc(MiB, 'a') },
  { name: '1 MiB of one unclosed JSON string', make: () => ascii('"' + 'a'.repeat(MiB)) },
  { name: 'invalid UTF-8 (0xC3 0x28) inside the sample', make: (s) => insertAt(s, [0xc3, 0x28]) },
  { name: 'a Latin-1 é (0xE9) inside the sample', make: (s) => insertAt(s, [0xe9]) },
  { name: 'an overlong UTF-8 slash (0xC0 0xAF) inside the sample', make: (s) => insertAt(s, [0xc0, 0xaf]) },
  { name: 'a UTF-8 encoded lone surrogate (0xED 0xA0 0x80) inside the sample', make: (s) => insertAt(s, [0xed, 0xa0, 0x80]) },
  { name: 'a NUL byte inside the sample', make: (s) => insertAt(s, [0x00]) },
  { name: 'the sample twice in a row', make: (s) => Buffer.concat([s, s]) },
];
