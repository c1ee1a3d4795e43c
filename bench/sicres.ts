import { fork } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createEnvelope, type Envelope } from '../src/core/envelope';
import type { RegistryEntry } from '../src/core/registry-entry';
import { parseFichero } from '../src/sir/parse-fichero';
import { judgeFichero } from '../src/sir/reception';
import { registryEntryToSicres3 } from '../transforms/registry-entry-to-sicres3';
import { ficheroToRegistryEntry } from '../transforms/sicres3-to-registry-entry';
import { entryOfSize } from './e2e-registry';

/**
 * SICRES 3.0 both ways on one core: canonical -> fichero (`registryEntryToSicres3`) and fichero
 * -> canonical with the reception rules (parse, judge, map), each next to a same-run baseline
 * doing the same job on canonical JSON. Run as a script (`node dist/bench/sicres.js <file>`), it
 * is the fresh child process that measures peak memory of one inbound fichero.
 */

export const ANNEX_BYTES = 10 * 1024 * 1024;

export interface Case {
  envelope: Envelope<RegistryEntry>;
  json: string;
  xml: string;
}

export interface PairRates {
  /** canonical -> fichero, and its baseline: JSON.stringify of the same entry. */
  out: { ours: number; baseline: number };
  /** fichero -> canonical with validation, and its baseline: JSON.parse + annex decode + SHA-256 check. */
  in: { ours: number; baseline: number };
}

/** A ~1 KB entry (`annexBytes` 0) or the same entry with one random annex of `annexBytes` bytes. */
export function sicresCase(annexBytes: number): Case {
  const entry = entryOfSize(1024);
  entry.control.exchangeId = 'O00009001_26_00000001';
  const over = Buffer.byteLength(JSON.stringify(entry)) - 1024; // the id added bytes: back to 1024
  entry.form.expone = entry.form.expone.slice(0, entry.form.expone.length - over);
  if (annexBytes > 0) {
    const bytes = randomBytes(annexBytes);
    entry.annexes = [{
      fileName: 'anexo.pdf', documentType: 'attachment', mimeType: 'application/pdf',
      sha256: createHash('sha256').update(bytes).digest('hex'), content: bytes.toString('base64'),
    }];
  }
  const envelope = createEnvelope({
    type: 'registry-entry', schemaVersion: 1, tenant: entry.origin.office,
    source: { system: 'bench', adapter: 'canonical-json@1' }, payload: entry, occurredAt: entry.origin.registryDate,
  });
  return { envelope, json: JSON.stringify(entry), xml: registryEntryToSicres3.apply(envelope).xml };
}

/** fichero -> canonical as a receiver does it; throws unless the fichero is accepted and maps cleanly. */
export function inbound(xml: string): RegistryEntry {
  const parsed = parseFichero(xml);
  const verdict = judgeFichero(parsed, {});
  if (verdict.outcome !== 'accept') throw new Error(`the benchmark fichero was not accepted: ${verdict.reasons.join('; ')}`);
  const { entry, problems } = ficheroToRegistryEntry(parsed);
  if (problems.length > 0) throw new Error(`the benchmark fichero did not map: ${problems.map((p) => p.message).join('; ')}`);
  return entry;
}

/** The baseline reader: canonical JSON parsed, each annex decoded and its SHA-256 checked. */
function jsonInbound(json: string): RegistryEntry {
  const entry = JSON.parse(json) as RegistryEntry;
  for (const a of entry.annexes) {
    if (createHash('sha256').update(Buffer.from(a.content, 'base64')).digest('hex') !== a.sha256) throw new Error('annex digest mismatch');
  }
  return entry;
}

/** Calls per second of `fn`: `warmup` untimed calls, then calls until `ms` have passed (at least `minCalls`). */
function rate(fn: () => unknown, ms: number, minCalls: number, warmup: number): number {
  for (let i = 0; i < warmup; i++) fn();
  let n = 0;
  const start = process.hrtime.bigint();
  const budget = BigInt(ms) * 1_000_000n;
  while (n < minCalls || process.hrtime.bigint() - start < budget) {
    fn();
    n++;
  }
  return n / (Number(process.hrtime.bigint() - start) / 1e9);
}

/** One round for one case: ~2 s per measure at 1 KB; a handful of calls with a 10 MiB annex. */
export function benchPair(c: Case, large: boolean): PairRates {
  const [ms, minCalls, warmup] = large ? [0, 5, 1] : [2000, 100, 200];
  return {
    out: {
      baseline: rate(() => JSON.stringify(c.envelope.payload), ms, minCalls, warmup),
      ours: rate(() => registryEntryToSicres3.apply(c.envelope), ms, minCalls, warmup),
    },
    in: {
      baseline: rate(() => jsonInbound(c.json), ms, minCalls, warmup),
      ours: rate(() => inbound(c.xml), ms, minCalls, warmup),
    },
  };
}

export interface MemoryResult {
  ficheroBytes: number;
  /** Above the child's idle resident set (fichero text loaded, after a full GC). */
  peakRssBytes: number;
  /** Highest heapUsed + external sampled between parse, judge and map, above the idle value. */
  peakHeapBytes: number;
}

/** Peak memory of one inbound fichero with a `annexBytes` annex, in a fresh child process. */
export async function measureInboundMemory(annexBytes: number): Promise<MemoryResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pasarela-sicres-'));
  try {
    const file = path.join(dir, 'fichero.xml');
    writeFileSync(file, sicresCase(annexBytes).xml);
    const child = fork(__filename, [file], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return await new Promise<MemoryResult>((resolve, reject) => {
      child.once('message', (m) => resolve(m as MemoryResult));
      child.once('exit', (code) => reject(new Error(`the memory child exited with ${code} before reporting`)));
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Linux /proc/self/status field in bytes (VmRSS, VmHWM). */
function procStatus(field: string): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
  if (!m) throw new Error(`no ${field} in /proc/self/status`);
  return Number(m[1]) * 1024;
}

/** Child side: load the fichero, settle, reset the RSS high-water mark, convert it once, report. */
function memoryChild(file: string): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const xml = readFileSync(file, 'utf8');
  gc();
  gc();
  writeFileSync('/proc/self/clear_refs', '5'); // resets VmHWM to the current RSS (Linux)
  const idleRss = procStatus('VmRSS');
  const heap = () => { const u = process.memoryUsage(); return u.heapUsed + u.external; };
  const idleHeap = heap();
  let peakHeap = idleHeap;
  const sample = <T>(v: T): T => { peakHeap = Math.max(peakHeap, heap()); return v; };
  const parsed = sample(parseFichero(xml));
  const verdict = sample(judgeFichero(parsed, {}));
  const mapped = sample(ficheroToRegistryEntry(parsed));
  if (verdict.outcome !== 'accept' || mapped.problems.length > 0) throw new Error('the benchmark fichero was not accepted');
  const result: MemoryResult = {
    ficheroBytes: Buffer.byteLength(xml),
    peakRssBytes: procStatus('VmHWM') - idleRss,
    peakHeapBytes: peakHeap - idleHeap,
  };
  process.send!(result, () => process.exit(0));
}

if (require.main === module) memoryChild(process.argv[2]);
