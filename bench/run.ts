import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { loadConfig } from '../src/config/load';
import { projectPath } from '../src/core/paths';
import { backlogSection } from './backlog-report';
import { e2eSection } from './e2e-report';
import { intakeHttpSection } from './intake-http-report';
import { journalCostSection } from './journal-cost-report';
import { searchSection } from './search-report';
import { replaySection } from './replay-report';
import { sicresSection } from './sicres-report';
import { wssecSection } from './wssec-report';
import { notificaSection } from './notifica-report';
import { carpetaSection } from './carpeta-report';

/**
 * `npm run bench`: measures, in one run, pasarela's rates next to baselines measured in the same
 * run, and writes BENCHMARKS.md. Rounds alternate baseline and pasarela so machine noise hits
 * both. BENCH_* variables shorten a run while developing; BENCH_OUTPUT writes elsewhere, so a
 * short run never replaces the committed file by accident. BENCH_SECTIONS (comma-separated names
 * of SECTIONS) runs only those and replaces only their text in the existing file.
 */
const COUNT = Number(process.env.BENCH_COUNT ?? 1000);
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 16);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BACKLOG = Number(process.env.BENCH_BACKLOG ?? 10_000);
const JOURNAL_COUNT = Number(process.env.BENCH_JOURNAL_COUNT ?? 2000);
/** The intake HTTP section: seconds per autocannon run, its connections, warm-up seconds; BENCH_INTAKE_PROFILE: a folder for the intake child's CPU profile. */
const INTAKE_SECONDS = Number(process.env.BENCH_INTAKE_SECONDS ?? 10);
const INTAKE_CONNECTIONS = Number(process.env.BENCH_INTAKE_CONNECTIONS ?? 10);
const INTAKE_WARMUP = Number(process.env.BENCH_INTAKE_WARMUP ?? 3);
/** The bulk replay section: parked entries to replay, live requests per second, seconds of each baseline window. */
const REPLAY_PARKED = Number(process.env.BENCH_REPLAY_PARKED ?? 20_000);
const REPLAY_RATE = Number(process.env.BENCH_REPLAY_RATE ?? 200);
const REPLAY_BASELINE_SECONDS = Number(process.env.BENCH_REPLAY_BASELINE_SECONDS ?? 20);
const REPLAY_PACED_RATE = Number(process.env.BENCH_REPLAY_PACED_RATE ?? 150);
const OUTPUT = path.resolve(process.env.BENCH_OUTPUT ?? projectPath('BENCHMARKS.md'));
const ONLY = process.env.BENCH_SECTIONS?.split(',').map((s) => s.trim()).filter(Boolean);
const FOOTER = 'The whole run took ';

/** Each section's lines start with its `## ` heading, which is how a partial run finds it again. */
const SECTIONS: Record<string, (pg: string | undefined) => Promise<string[]>> = {
  e2e: () => e2eSection(loadConfig().amqp.url, COUNT, CLIENTS, ROUNDS),
  wssec: () => wssecSection(ROUNDS),
  backlog: () => backlogSection(BACKLOG, CLIENTS),
  journal: (pg) => journalCostSection(JOURNAL_COUNT, ROUNDS, pg !== undefined),
  sicres: () => sicresSection(ROUNDS),
  search: (pg) => searchSection(pg !== undefined),
  replay: () => replaySection(REPLAY_PARKED, REPLAY_RATE, REPLAY_BASELINE_SECONDS, REPLAY_PACED_RATE),
  carpeta: (pg) => carpetaSection(Number(process.env.BENCH_CARPETA_COUNT ?? 20_000), pg !== undefined),
  notifica: () => notificaSection(Number(process.env.BENCH_NOTIFICA_COUNT ?? 2000), CLIENTS, ROUNDS),
  intake: () => intakeHttpSection({
    rounds: ROUNDS, seconds: INTAKE_SECONDS, connections: INTAKE_CONNECTIONS, warmupSeconds: INTAKE_WARMUP,
    profileDir: process.env.BENCH_INTAKE_PROFILE ? path.resolve(process.env.BENCH_INTAKE_PROFILE) : undefined,
  }),
};

/** `doc` with `section` in place of the text from its heading to the next `## ` heading (or the footer); appended if missing. */
function replaceSection(doc: string[], section: string[]): string[] {
  const start = doc.indexOf(section[0]);
  const isEnd = (l: string) => l.startsWith('## ') || l.startsWith(FOOTER);
  if (start < 0) {
    const footer = doc.findIndex((l) => l.startsWith(FOOTER));
    const at = footer < 0 ? doc.length : footer;
    return [...doc.slice(0, at), ...section, ...doc.slice(at)];
  }
  const next = doc.findIndex((l, i) => i > start && isEnd(l));
  return [...doc.slice(0, start), ...section, ...(next < 0 ? [] : doc.slice(next))];
}

/** Only the BENCH_SECTIONS, merged into the existing file; the other sections keep their text. */
async function partial(names: string[], pg: string | undefined): Promise<void> {
  const unknown = names.filter((n) => !(n in SECTIONS));
  if (unknown.length > 0) throw new Error(`unknown BENCH_SECTIONS ${unknown.join(', ')}; known: ${Object.keys(SECTIONS).join(', ')}`);
  let doc = existsSync(OUTPUT) ? readFileSync(OUTPUT, 'utf8').split('\n') : ['# Benchmarks', ''];
  for (const name of names) {
    const section = await SECTIONS[name](pg);
    const last = section.length - 1;
    const stamped = [...section.slice(0, section[last] === '' ? last : section.length), '',
      `_This section was regenerated alone on ${new Date().toISOString().slice(0, 10)} (\`BENCH_SECTIONS=${name}\`) on ${os.cpus()[0]?.model ?? 'unknown'}, ${os.cpus().length} cores, Node.js ${process.version}._`, ''];
    doc = replaceSection(doc, stamped);
  }
  writeFileSync(OUTPUT, doc.join('\n'));
  process.stdout.write(`updated ${names.join(', ')} in ${OUTPUT}\n`);
}

function rabbitVersion(): string {
  try {
    return execFileSync('rabbitmqctl', ['version'], { encoding: 'utf8', timeout: 20_000 }).trim();
  } catch {
    return 'unknown';
  }
}

/** The PostgreSQL server's version (PASARELA_TEST_PG_URL, as the tests), or undefined when unreachable. */
async function postgresVersion(): Promise<string | undefined> {
  const client = new Client({ connectionString: process.env.PASARELA_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres', connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
    const { rows } = await client.query<{ server_version: string }>('show server_version');
    return rows[0].server_version;
  } catch {
    return undefined;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function machine(pg: string | undefined): string[] {
  const cpus = os.cpus();
  return [
    `- CPU: ${cpus[0]?.model ?? 'unknown'}, ${cpus.length} cores`,
    `- Memory: ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    `- OS: ${os.type()} ${os.release()}`,
    `- Node.js ${process.version}, RabbitMQ ${rabbitVersion()} (single node, quorum queues), SQLite journal (WAL, synchronous=FULL)` +
      (pg ? `, PostgreSQL ${pg} (local)` : ''),
  ];
}

async function main(): Promise<void> {
  const started = Date.now();
  const pg = await postgresVersion();
  if (ONLY) return partial(ONLY, pg);
  const lines = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (`bench/run.ts`). Absolute numbers depend on a shared, noisy machine;',
    'the ratios against a baseline measured in the same run are what to compare between versions.',
    '',
    `Run on ${new Date().toISOString().slice(0, 10)}:`,
    ...machine(pg),
    '',
  ];
  for (const section of Object.values(SECTIONS)) lines.push(...(await section(pg)));
  const minutes = (Date.now() - started) / 60_000;
  lines.push(`${FOOTER}${minutes.toFixed(1)} minutes.`, '');
  writeFileSync(OUTPUT, lines.join('\n'));
  process.stdout.write(`wrote ${OUTPUT} (${minutes.toFixed(1)} minutes)\n`);
}

main().catch((e) => {
  process.stderr.write(`bench failed: ${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
