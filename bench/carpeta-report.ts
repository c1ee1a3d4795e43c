import { benchDatabase, benchWorld } from './environment';
import { quantile } from './intake-http';
import { median } from './samples';
import { BUSY_CITIZEN, pullServer, seedProjection, TOKEN } from './carpeta-pull';

const TARGET_MS = 50;
const CALLS = Number(process.env.BENCH_CARPETA_CALLS ?? 300);

interface Probe { kind: string; path: string; check(body: any): boolean }

const PROBES: Probe[] = [
  { kind: 'baseline: GET on the same server, no journal', path: '/bench/ping', check: (b) => b.ok === true },
  { kind: 'list: the citizen\'s 100 expedientes (tamano=100)', path: '/carpeta/v1/expedientes?tamano=100', check: (b) => b.expedientes.length === 100 && b.total === 100 },
  { kind: 'list: open ones only (estado=abierto)', path: '/carpeta/v1/expedientes?estado=abierto&tamano=100', check: (b) => b.total === 80 },
  { kind: 'detail: one expediente with its history', path: '/carpeta/v1/expedientes/ES_L01230007_2026_EXP_B00000007', check: (b) => b.historial.length === 1 },
];

async function time(url: string, calls: number): Promise<Map<string, number[]>> {
  const ms = new Map<string, number[]>(PROBES.map((p) => [p.kind, []]));
  const headers = { authorization: `Bearer ${TOKEN}`, 'carpeta-ciudadano': BUSY_CITIZEN };
  for (let i = 0; i < calls + 20; i++) {
    for (const p of [...PROBES].sort(() => Math.random() - 0.5)) {
      const t0 = process.hrtime.bigint();
      const res = await fetch(url + p.path, { headers });
      const body = await res.json();
      const took = Number(process.hrtime.bigint() - t0) / 1e6;
      if (res.status !== 200 || !p.check(body)) throw new Error(`carpeta bench: ${p.kind} answered ${res.status}`);
      if (i >= 20) ms.get(p.kind)!.push(took);
    }
  }
  return ms;
}

/**
 * `## Carpeta Ciudadana pull`: the pull API's latency for a citizen with 100 expedientes (issue
 * 9's target: within 50 ms), over HTTP on 127.0.0.1, one client, next to a route on the same
 * server that does not touch the journal; on SQLite and on PostgreSQL.
 */
export async function carpetaSection(count: number, withPg: boolean): Promise<string[]> {
  const rows: string[] = [];
  const notes: string[] = [];
  for (const dialect of withPg ? ['SQLite', 'PostgreSQL'] : ['SQLite']) {
    const world = await benchWorld();
    try {
      const url = dialect === 'SQLite' ? `sqlite:${world.dir}/carpeta.db` : await benchDatabase(world);
      const { journal, seconds } = await seedProjection(url, count, Math.floor(count / 4));
      world.cleanup.add('close the journal', () => journal.close());
      process.stdout.write(`carpeta ${dialect}: ${count} expedientes projected in ${seconds.toFixed(1)} s\n`);
      notes.push(`${dialect}: ${count.toLocaleString('en')} expedientes of 10 municipalities projected through \`project\` in ${seconds.toFixed(1)} s (${(count / seconds).toFixed(0)}/s, 50 at a time).`);
      const server = await pullServer(journal);
      world.cleanup.add('close the server', () => server.close());
      const ms = await time(server.url, CALLS);
      const base = median(ms.get(PROBES[0].kind)!);
      for (const p of PROBES) {
        const xs = ms.get(p.kind)!;
        const p99 = quantile(xs, 0.99);
        const target = p === PROBES[0] ? '–' : p99 < TARGET_MS ? 'yes' : `**no** (p99 ${p99.toFixed(1)} ms)`;
        rows.push(`| ${dialect} | ${p.kind} | ${xs.length} | ${median(xs).toFixed(2)} | ${p99.toFixed(2)} | ${Math.max(...xs).toFixed(1)} | ${(median(xs) / base).toFixed(1)} | ${target} |`);
      }
    } finally {
      await world.cleanup.run();
    }
  }
  return [
    '## Carpeta Ciudadana pull',
    '',
    `\`GET /carpeta/v1/expedientes\` for a citizen who is the holder of 100 expedientes, among ${count.toLocaleString('en')} (${Math.floor(count / 4).toLocaleString('en')} citizens), over HTTP on 127.0.0.1 from one client, the probes shuffled together; the pull API alone on a fastify server in the bench process. Target: within ${TARGET_MS} ms.`,
    '',
    '| journal | query | calls | median ms | p99 ms | max ms | ratio to baseline | target met? |',
    '|---|---|---:|---:|---:|---:|---:|---|',
    ...rows,
    '',
    ...notes.map((n) => `- ${n}`),
    '',
  ];
}
