import { randomBytes } from 'node:crypto';
import { benchWorld } from './environment';
import { quantile } from './intake-http';
import { median } from './samples';
import { ADVISER_PATH, BASELINE_PATH, callbackWorld, callbacks, postAll, type LoadRun } from './notifica-callbacks';

const KINDS = ['baseline', 'state', 'repeat', 'baselineFinal', 'final'] as const;
type Kind = (typeof KINDS)[number];
const LABEL: Record<Kind, string> = {
  baseline: 'baseline: read + parse the callback, answer 000, no journal',
  state: 'a new state (state row + hop, one transaction)',
  repeat: 'the same callback again (a repeat: read only)',
  baselineFinal: 'baseline: read + parse a final callback with a 100 KiB acuse, no journal',
  final: 'final state with a 100 KiB acuse (blob + certificate + closing hop)',
};
/** Each kind's baseline: the same bodies parsed without the journal. */
const BASE: Record<Kind, Kind> = { baseline: 'baseline', state: 'baseline', repeat: 'baseline', baselineFinal: 'baselineFinal', final: 'baselineFinal' };
const ACUSE_BYTES = 100 * 1024;

/**
 * `## Notific@ callbacks`: how many `sincronizarEnvio` callbacks a second pasarela records, as a
 * ratio to parsing the same callbacks without the journal, in the same process and run. Rounds
 * run the four kinds in a rotated order, each over fresh envíos, so noise falls on all of them.
 */
export async function notificaSection(count: number, clients: number, rounds: number): Promise<string[]> {
  const world = await benchWorld();
  const runs: Record<Kind, LoadRun[]> = { baseline: [], state: [], repeat: [], baselineFinal: [], final: [] };
  const acuse = Buffer.concat([Buffer.from('%PDF-1.4\n'), randomBytes(ACUSE_BYTES)]);
  try {
    const w = await callbackWorld(world.dir);
    world.cleanup.add('close the callback world', () => w.close());
    // Untimed warm-up of every path (JIT, the statement cache, the connection pool of fetch).
    const warm = await w.envios(Math.min(300, count));
    await postAll(w.url + BASELINE_PATH, callbacks(warm, 'state', new Date(0)), clients);
    await postAll(w.url + ADVISER_PATH, callbacks(warm, 'state', new Date(0)), clients);
    await postAll(w.url + ADVISER_PATH, callbacks(warm, 'final', new Date(1000), acuse), clients);
    for (let round = 0; round < rounds; round++) {
      const ids = await w.envios(count);
      const finals = await w.envios(count);
      const at = new Date(Date.UTC(2026, 0, 1 + round));
      const plan: Record<Kind, () => Promise<LoadRun>> = {
        baseline: () => postAll(w.url + BASELINE_PATH, callbacks(ids, 'state', at), clients),
        state: () => postAll(w.url + ADVISER_PATH, callbacks(ids, 'state', at), clients),
        repeat: () => postAll(w.url + ADVISER_PATH, callbacks(ids, 'repeat', at), clients),
        baselineFinal: () => postAll(w.url + BASELINE_PATH, callbacks(finals, 'final', at, acuse), clients),
        final: () => postAll(w.url + ADVISER_PATH, callbacks(finals, 'final', at, acuse), clients),
      };
      // `repeat` needs its states recorded first; the baselines rotate around the others.
      const order: Kind[] = round % 2 === 0 ? ['baseline', 'state', 'repeat', 'baselineFinal', 'final'] : ['state', 'repeat', 'final', 'baselineFinal', 'baseline'];
      for (const kind of order) {
        const run = await plan[kind]();
        if (run.failures > 0) throw new Error(`notifica bench: ${run.failures} ${kind} callbacks not answered 000`);
        runs[kind].push(run);
        process.stdout.write(`notifica round ${round + 1} ${kind}: ${run.perSecond.toFixed(0)}/s\n`);
      }
    }
  } finally {
    await world.cleanup.run();
  }
  const rate = (k: Kind) => median(runs[k].map((r) => r.perSecond));
  const p = (k: Kind, q: number) => median(runs[k].map((r) => quantile(r.latencies, q)));
  const ratio = (k: Kind) => rate(k) / rate(BASE[k]);
  const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(1));
  return [
    '## Notific@ callbacks',
    '',
    `\`AdviserWsV2.sincronizarEnvio\` callbacks posted over 127.0.0.1 by ${clients} concurrent clients, ${count.toLocaleString('en')} per kind and round, ${rounds} rounds (medians of rounds); ` +
      'pasarela\'s endpoint and the baseline route run on the same fastify server in the bench process, on an SQLite journal (WAL, synchronous=FULL). Every answer was checked to be `000`.',
    '',
    '| callback | per second | ratio to its baseline | p50 ms | p99 ms |',
    '|---|---:|---:|---:|---:|',
    ...KINDS.map((k) => `| ${LABEL[k]} | ${rate(k).toFixed(0)} | ${ratio(k).toFixed(2)} | ${ms(p(k, 0.5))} | ${ms(p(k, 0.99))} |`),
    '',
    `Recording a new state runs at ${ratio('state').toFixed(2)}× the rate of parsing the same callbacks alone, a repeat at ${ratio('repeat').toFixed(2)}×, a final state with its 100 KiB certificate at ${ratio('final').toFixed(2)}× the parse of the same bodies. ` +
      'The load generator shares the process and its two cores with the server, so absolute rates are bounded by it as much as by pasarela; the ratios are the comparison. ' +
      'Notific@ reports a handful of states per envío: even the slowest kind is far above a provincial volume.',
    '',
  ];
}
