import { randomBytes } from 'node:crypto';
import path from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { createEnvelope } from '../src/core/envelope';
import { readSoap } from '../src/connectors/notifica/xml';
import { createJournal } from '../src/journal';
import type { Journal } from '../src/journal/journal';
import { parseCallback } from '../src/notifica/adviser';
import { ADVISER_PATH, registerAdviser } from '../src/notifica/adviser-route';
import { createNotificaTracker } from '../src/notifica/tracker';
import { silentLogger } from '../src/observability/logger';
import { callbackXml } from '../tests/helpers/adviser';

/**
 * The Notific@ callback endpoint under load, in this process: pasarela's AdviserWsV2 route on a
 * real SQLite journal (WAL, synchronous=FULL), and beside it on the same server a baseline route
 * that reads and parses the same SOAP body and answers 000 without touching the journal.
 */

export const BASELINE_PATH = '/bench/parse-only';

export interface CallbackWorld {
  url: string;
  journal: Journal;
  /** `count` fresh notifications of one envío each, recorded as Notific@ took them. */
  envios(count: number): Promise<string[]>;
  close(): Promise<void>;
}

export async function callbackWorld(dir: string): Promise<CallbackWorld> {
  const journal = createJournal(`sqlite:${path.join(dir, 'notifica-bench.db')}`);
  await journal.migrate();
  const app: FastifyInstance = Fastify();
  registerAdviser(app, { tracker: createNotificaTracker({ journal, logger: silentLogger() }), logger: silentLogger() });
  app.register(async (scope) => {
    scope.addContentTypeParser('text/xml', { parseAs: 'string' }, (_req, body, done) => done(null, body));
    scope.post(BASELINE_PATH, async (req, reply) => {
      const parsed = parseCallback(readSoap(req.body as string));
      return reply.type('text/xml').send(`<r>${parsed.ok ? '000' : parsed.answer.code}</r>`);
    });
  });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return {
    url, journal,
    async envios(count) {
      const ids: string[] = [];
      for (let i = 0; i < count; i++) {
        const e = createEnvelope({ type: 'notification', schemaVersion: 1, tenant: 'L02000023', source: { system: 'bench', adapter: 'bench' }, payload: {} });
        await journal.insertMessage({ envelope: e, route: 'notification-to-notifica' });
        const identificador = randomBytes(10).toString('hex');
        await journal.notifica.recordEnvios({ messageId: e.id, tenant: e.tenant, organismo: 'L02000023', recipients: 1, envios: [{ identificador, recipientIndex: 0, referencia: identificador }], detail: 'bench' });
        ids.push(identificador);
      }
      return ids;
    },
    async close() {
      await app.close();
      await journal.close();
    },
  };
}

export interface LoadRun {
  perSecond: number;
  latencies: number[];
  /** Answers that were not HTTP 200 with codigoRespuesta 000. */
  failures: number;
}

/** POST every body in `bodies` to `url` with `clients` concurrent loops; every answer must be 000. */
export async function postAll(url: string, bodies: string[], clients: number): Promise<LoadRun> {
  const latencies: number[] = [];
  let failures = 0;
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: clients }, async () => {
    while (next < bodies.length) {
      const body = bodies[next++];
      const t0 = process.hrtime.bigint();
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8' }, body });
      const text = await res.text();
      latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
      if (res.status !== 200 || !/>000</.test(text)) failures++;
    }
  }));
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { perSecond: bodies.length / seconds, latencies, failures };
}

/** The callbacks of one kind for `ids`: a new open state, the same again (a repeat), or final with an acuse. */
export function callbacks(ids: string[], kind: 'state' | 'repeat' | 'final', at: Date, acuse?: Buffer): string[] {
  const fechaEstado = at.toISOString();
  if (kind === 'final') return ids.map((identificador) => callbackXml({ identificador, estado: 'notificada', fechaEstado, acuse }));
  return ids.map((identificador) => callbackXml({ identificador, estado: 'enviado_deh', fechaEstado }));
}

export { ADVISER_PATH };
