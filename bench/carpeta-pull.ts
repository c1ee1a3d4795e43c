import Fastify from 'fastify';
import { pullClientsFromTokens } from '../src/carpeta/clients';
import { registerCarpetaPull } from '../src/carpeta/pull-routes';
import { documentKeyOf } from '../src/carpeta/document-key';
import { createEnvelope } from '../src/core/envelope';
import { cifControlDigit, isValidNif } from '../src/core/validators/identity';
import { createJournal } from '../src/journal';
import type { ExpedienteUpdate } from '../src/journal/expedientes';
import type { Journal } from '../src/journal/journal';
import { errorHandler } from '../src/intake/problem';

/** The citizen whose Carpeta holds 100 expedientes (issue 9's target), and the token of the bench's client. */
export const BUSY_CITIZEN = '99000003E';
export const TOKEN = 'bench-carpeta-token-0123456789';

const LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** A valid NIF for `n` (8 digits and its check letter). */
function nif(n: number): string {
  const digits = String(n).padStart(8, '0');
  return digits + LETTERS[Number(digits) % 23];
}

function update(i: number, tenant: string, parties: string[], messageId: string): ExpedienteUpdate {
  const at = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
  return {
    messageId, tenant, expediente: `ES_${tenant}_2026_EXP_B${String(i).padStart(8, '0')}`, managingUnit: tenant,
    procedure: { code: '994471', name: 'Subvenciones para actividades culturales' }, title: `Expediente de prueba ${i}`,
    state: i % 5 === 0 ? 'resolved' : 'in-progress', phase: 'Evaluación técnica', pendingAction: null, startedAt: at, changedAt: at,
    resolvedAt: i % 5 === 0 ? at : null, closedAt: null, officeUrl: `https://sede.example.es/expedientes/${i}`, sequence: 1,
    parties: parties.map((d, k) => ({ documentKey: documentKeyOf(d), role: k === 0 ? 'holder' : 'representative' })),
  };
}

/**
 * `count` expedientes of 10 municipalities, each with a holder among `citizens` citizens and a
 * company, through the projection's own `project` (50 at a time, as a busy route would); the
 * busy citizen is the holder of 100 of them.
 */
export async function seedProjection(url: string, count: number, citizens: number): Promise<{ journal: Journal; seconds: number }> {
  if (!isValidNif(BUSY_CITIZEN)) throw new Error('the busy citizen must be a valid NIF');
  const journal = createJournal(url);
  await journal.migrate();
  const started = Date.now();
  const company = `B9900005${cifControlDigit('9900005')}`;
  for (let from = 0; from < count; from += 50) {
    await Promise.all(Array.from({ length: Math.min(50, count - from) }, async (_, k) => {
      const i = from + k;
      const tenant = `L0123${String(i % 10).padStart(4, '0')}`;
      const holder = i < 100 ? BUSY_CITIZEN : nif(10_000_000 + (i % citizens));
      const e = createEnvelope({ type: 'expediente-status', schemaVersion: 1, tenant, source: { system: 'bench', adapter: 'bench' }, payload: {} });
      await journal.insertMessage({ envelope: e, route: 'expediente-status-to-projection' });
      await journal.expedientes.project(update(i, tenant, [holder, company], e.id));
    }));
  }
  return { journal, seconds: (Date.now() - started) / 1000 };
}

/** The pull API alone on a fastify server of its own, on `journal`; resolves its origin and a close. */
export async function pullServer(journal: Journal): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify();
  app.setErrorHandler(errorHandler);
  app.get('/bench/ping', async () => ({ ok: true }));
  registerCarpetaPull(app, { journal, clients: pullClientsFromTokens([{ name: 'bench', token: TOKEN }]) });
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { url, close: () => app.close() };
}
