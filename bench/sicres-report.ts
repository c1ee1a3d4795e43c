import { median } from './samples';
import { ANNEX_BYTES, benchPair, measureInboundMemory, sicresCase, type PairRates } from './sicres';

const MiB = 2 ** 20;

/** `rounds` rounds of the SICRES conversion benchmark, one memory child, and the BENCHMARKS.md section. */
export async function sicresSection(rounds: number): Promise<string[]> {
  const small = sicresCase(0);
  const large = sicresCase(ANNEX_BYTES);
  const runs: { small: PairRates; large: PairRates }[] = [];
  for (let round = 1; round <= rounds; round++) {
    const r = { small: benchPair(small, false), large: benchPair(large, true) };
    runs.push(r);
    process.stdout.write(
      `sicres round ${round}: 1 KB out ${r.small.out.ours.toFixed(0)}/s in ${r.small.in.ours.toFixed(0)}/s; ` +
        `10 MiB out ${r.large.out.ours.toFixed(1)}/s in ${r.large.in.ours.toFixed(1)}/s\n`,
    );
  }
  const memory = await measureInboundMemory(ANNEX_BYTES);
  const med = (f: (r: (typeof runs)[number]) => number) => median(runs.map(f));
  const row = (label: string, pick: (r: (typeof runs)[number]) => { ours: number; baseline: number }, digits: number) => {
    const ours = med((r) => pick(r).ours);
    const baseline = med((r) => pick(r).baseline);
    const perRound = runs.map((r) => (pick(r).ours / pick(r).baseline).toFixed(3)).join(', ');
    return `| ${label} | ${ours.toFixed(digits)} | ${baseline.toFixed(digits)} | ${(ours / baseline).toFixed(3)} | ${perRound} |`;
  };
  const times = (bytes: number) => `${(bytes / memory.ficheroBytes).toFixed(1)}×`;
  return [
    '## SICRES 3.0 conversion both ways (issue 5)',
    '',
    `One core, in process. Canonical -> fichero is \`registryEntryToSicres3.apply\`; fichero -> canonical is`,
    '`parseFichero` + `judgeFichero` (the reception rules, default options) + `ficheroToRegistryEntry`,',
    `and must end accepted with no problems. Two entries: ${Buffer.byteLength(small.json)} bytes of canonical JSON`,
    `(a ${Buffer.byteLength(small.xml)}-byte fichero, no annex), and the same with one random 10 MiB annex (a ${(Buffer.byteLength(large.xml) / MiB).toFixed(1)} MiB fichero).`,
    'Baselines in the same run, on the same entry as canonical JSON: `JSON.stringify` for the way out;',
    '`JSON.parse` plus decoding each annex and checking its SHA-256 for the way in. ~2 s per measure',
    `at 1 KB, 5 calls at 10 MiB; ${runs.length} rounds; medians.`,
    '',
    '| conversion | ficheros per second | baseline per second | ratio to baseline | per round |',
    '|---|---:|---:|---:|---:|',
    row('canonical -> fichero, 1 KB', (r) => r.small.out, 0),
    row('fichero -> canonical + validation, 1 KB', (r) => r.small.in, 0),
    row('canonical -> fichero, 10 MiB annex', (r) => r.large.out, 1),
    row('fichero -> canonical + validation, 10 MiB annex', (r) => r.large.in, 1),
    '',
    `Peak memory of one fichero -> canonical with the 10 MiB annex (${(memory.ficheroBytes / MiB).toFixed(1)} MiB fichero), in a fresh`,
    'child process, above its idle state with the fichero text already loaded: peak RSS',
    `${(memory.peakRssBytes / MiB).toFixed(1)} MiB (${times(memory.peakRssBytes)} the fichero's bytes, kernel high-water mark);`,
    `heap + external ${(memory.peakHeapBytes / MiB).toFixed(1)} MiB (${times(memory.peakHeapBytes)}), sampled after each of the three steps, so a lower bound.`,
    '',
  ];
}
