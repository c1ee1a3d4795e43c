import { createHash } from 'node:crypto';
import type { FieldProblem } from './errors';
import type { Annex, RegistryEntry } from './registry-entry';

/**
 * Semantic checks of a registry entry that a JSON Schema cannot express. Run them after the
 * schema passed; they assume its shape but never throw on odd values.
 */

const MiB = 1024 * 1024;

/** Limits; defaults are regweb3's SIR limits (sir-sicres3.md §4). */
export interface RegistryEntryCheckOptions {
  /** @defaultValue 5 */
  maxAnnexes?: number;
  /** Decoded bytes per annex. @defaultValue 10 MiB */
  maxAnnexBytes?: number;
  /** Decoded bytes of all annexes together. @defaultValue 15 MiB */
  maxTotalAnnexBytes?: number;
  /** How far in the future `origin.registryDate` may be (clock skew), in ms. @defaultValue 5 minutes */
  futureSkewMs?: number;
}

export const DEFAULT_REGISTRY_ENTRY_LIMITS: Required<RegistryEntryCheckOptions> = {
  maxAnnexes: 5,
  maxAnnexBytes: 10 * MiB,
  maxTotalAnnexBytes: 15 * MiB,
  futureSkewMs: 5 * 60 * 1000,
};

/** Problems found; empty when the entry is consistent. */
export function checkRegistryEntry(
  entry: RegistryEntry, now: Date = new Date(), options: RegistryEntryCheckOptions = {},
): FieldProblem[] {
  const limits = { ...DEFAULT_REGISTRY_ENTRY_LIMITS, ...options };
  const annexes = Array.isArray(entry.annexes) ? entry.annexes : [];
  return [
    ...checkRegistryDate(entry, now, limits.futureSkewMs),
    ...checkInterested(entry),
    ...checkAnnexHashes(annexes),
    ...checkAnnexNames(annexes),
    ...checkSignedFiles(annexes),
    ...checkAnnexLimits(annexes, limits),
  ];
}

function problem(pointer: string, code: string, message: string): FieldProblem {
  return { pointer, code, message };
}

function checkRegistryDate(entry: RegistryEntry, now: Date, skewMs: number): FieldProblem[] {
  const at = Date.parse(entry.origin?.registryDate);
  if (Number.isNaN(at) || at <= now.getTime() + skewMs) return [];
  return [problem('/origin/registryDate', 'DATE_IN_FUTURE', 'The registry date is in the future.')];
}

/** SIR rules (sir-sicres3.md §10.B.6; LIBSIR 0053/0054). */
function checkInterested(entry: RegistryEntry): FieldProblem[] {
  const count = Array.isArray(entry.interested) ? entry.interested.length : 0;
  if (count > 0) return [];
  if (entry.control?.registryType === 'entrada') {
    return [problem('/interested', 'INTERESTED_REQUIRED', 'An entrada needs at least one interested party.')];
  }
  if (!entry.origin?.unit) {
    return [problem('/origin/unit', 'ORIGIN_UNIT_REQUIRED', 'An entry without interested parties needs the origin unit.')];
  }
  return [];
}

function decoded(annex: Annex): Buffer {
  return Buffer.from(typeof annex.content === 'string' ? annex.content : '', 'base64');
}

/** Decoded size from the base64 length alone, without decoding. */
function decodedSize(annex: Annex): number {
  const c = typeof annex.content === 'string' ? annex.content : '';
  const padding = c.endsWith('==') ? 2 : c.endsWith('=') ? 1 : 0;
  return Math.max(0, Math.floor((c.length * 3) / 4) - padding);
}

function checkAnnexHashes(annexes: Annex[]): FieldProblem[] {
  const out: FieldProblem[] = [];
  annexes.forEach((annex, i) => {
    const actual = createHash('sha256').update(decoded(annex)).digest('hex');
    if (actual !== annex.sha256) {
      out.push(problem(`/annexes/${i}/sha256`, 'ANNEX_HASH_MISMATCH', 'The SHA-256 does not match the annex content.'));
    }
  });
  return out;
}

function checkAnnexNames(annexes: Annex[]): FieldProblem[] {
  const out: FieldProblem[] = [];
  const seen = new Set<string>();
  annexes.forEach((annex, i) => {
    if (seen.has(annex.fileName)) {
      out.push(problem(`/annexes/${i}/fileName`, 'ANNEX_DUPLICATE_NAME', 'Another annex already has this file name.'));
    }
    seen.add(annex.fileName);
  });
  return out;
}

function checkSignedFiles(annexes: Annex[]): FieldProblem[] {
  const names = new Set(annexes.map((a) => a.fileName));
  const out: FieldProblem[] = [];
  annexes.forEach((annex, i) => {
    if (annex.signsFile !== undefined && !names.has(annex.signsFile)) {
      out.push(problem(`/annexes/${i}/signsFile`, 'ANNEX_UNKNOWN_SIGNED_FILE', 'No annex of this entry has the signed file name.'));
    }
  });
  return out;
}

function checkAnnexLimits(annexes: Annex[], limits: Required<RegistryEntryCheckOptions>): FieldProblem[] {
  const out: FieldProblem[] = [];
  if (annexes.length > limits.maxAnnexes) {
    out.push(problem('/annexes', 'ANNEX_LIMIT', `At most ${limits.maxAnnexes} annexes are allowed.`));
  }
  let total = 0;
  annexes.forEach((annex, i) => {
    const size = decodedSize(annex);
    total += size;
    if (size > limits.maxAnnexBytes) {
      out.push(problem(`/annexes/${i}/content`, 'ANNEX_LIMIT', `An annex may have at most ${limits.maxAnnexBytes} bytes.`));
    }
  });
  if (total > limits.maxTotalAnnexBytes) {
    out.push(problem('/annexes', 'ANNEX_LIMIT', `All annexes together may have at most ${limits.maxTotalAnnexBytes} bytes.`));
  }
  return out;
}
