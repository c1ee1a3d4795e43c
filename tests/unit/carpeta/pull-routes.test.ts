import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import pino from 'pino';
import { resolvePullClients } from '../../../src/carpeta/clients';
import { documentKeyOf } from '../../../src/carpeta/document-key';
import { CITIZEN_HEADER, PULL_PREFIX, registerCarpetaPull } from '../../../src/carpeta/pull-routes';
import type { Config } from '../../../src/config/types';
import { createEnvelope } from '../../../src/core/envelope';
import type { ExpedienteStatus } from '../../../src/core/expediente';
import { projectPath } from '../../../src/core/paths';
import { errorHandler } from '../../../src/intake/problem';
import { createJournal } from '../../../src/journal';
import type { Journal } from '../../../src/journal/journal';
import { expedienteStatusToProjection } from '../../../transforms/expediente-status-to-projection';

// fastify's inject() needs light-my-request, which pulls an ES module jest cannot require
// (tests/unit/intake/fake-intake.ts): the app listens on a free port and is called with fetch.

const TOKEN = 'carpeta-unit-token';
const TOKEN_ENV = `PASARELA_UNIT_CARPETA_PULL_ROUTES_${process.pid}`;
const HOLDER = '99000003E';
const REPRESENTATIVE = 'B99000077';
const STRANGER = '12345678Z';
const OTHER_TENANT = 'L01280796';

function example(): ExpedienteStatus {
  return JSON.parse(readFileSync(projectPath('schemas', 'canonical', 'examples', 'expediente-status.json'), 'utf8')) as ExpedienteStatus;
}

/** The example for another expediente of `unit`, in `state`, changed on day `day` of May. */
function status(unit: string, local: string, state: ExpedienteStatus['state'], day: number, sequence = 1): ExpedienteStatus {
  const e = example();
  const at = `2026-05-${String(day).padStart(2, '0')}T10:00:00Z`;
  return {
    ...e, expediente: `ES_${unit}_2026_EXP_${local}`, managingUnit: unit, state, sequence, phase: `Fase ${sequence}`, interested: [{ documentType: 'NIF', documentNumber: HOLDER }],
    dates: { startedAt: e.dates.startedAt, changedAt: at, ...(state === 'resolved' && { resolvedAt: at }), ...(state === 'closed' && { closedAt: at }) },
    ...(state === 'pending-citizen-action' && { pendingAction: { description: 'Aportar documentación' } }),
  };
}

let dir: string;
let journal: Journal;
let app: FastifyInstance;
let base: string;
const logLines: string[] = [];

async function project(tenant: string, s: ExpedienteStatus): Promise<void> {
  const message = createEnvelope({ type: 'expediente-status', schemaVersion: 1, tenant, source: { system: 'gestor', adapter: 'expediente-status-json@1' }, payload: s });
  await journal.expedientes.project(expedienteStatusToProjection.apply(message));
}

const ids = {
  subvencion: 'ES_L02000023_2026_EXP_SUB2026000457',
  abierto: `ES_L02000023_2026_EXP_OPEN1`,
  resuelto: `ES_L02000023_2026_EXP_DONE1`,
  cerrado: `ES_${OTHER_TENANT}_2026_EXP_DONE2`,
  ajeno: `ES_${OTHER_TENANT}_2026_EXP_OPEN2`,
};

beforeAll(async () => {
  process.env[TOKEN_ENV] = TOKEN;
  dir = mkdtempSync(path.join(tmpdir(), 'pasarela-carpeta-pull-'));
  journal = createJournal(`sqlite:${path.join(dir, 'journal.db')}`);
  await journal.migrate();
  // The example (holder and representative) with a late update among its changes, three more of the
  // holder's (one of another tenant), each changed later than the one before, and a stranger's.
  for (const [sequence, state] of [[1, 'started'], [3, 'in-progress'], [2, 'started']] as const) {
    const e = example();
    await project('L02000023', { ...e, sequence, state, phase: `Fase ${sequence}`, dates: { startedAt: e.dates.startedAt, changedAt: `2026-05-0${sequence}T10:00:00Z` } });
  }
  await project('L02000023', status('L02000023', 'OPEN1', 'pending-citizen-action', 10));
  await project('L02000023', status('L02000023', 'DONE1', 'resolved', 11));
  await project(OTHER_TENANT, status(OTHER_TENANT, 'DONE2', 'closed', 12));
  await project(OTHER_TENANT, { ...status(OTHER_TENANT, 'OPEN2', 'in-progress', 13), interested: [{ documentType: 'NIF', documentNumber: STRANGER }] });

  const clients = resolvePullClients({ carpeta: { pull: { clients: [{ name: 'carpeta-unit', tokenEnv: TOKEN_ENV }] } } } as unknown as Config);
  const sink = new Writable({ write(chunk, _enc, done) { logLines.push(String(chunk)); done(); } });
  const logger = pino({ level: 'debug' }, sink);
  app = Fastify({ loggerInstance: logger as FastifyBaseLogger });
  app.setErrorHandler(errorHandler);
  registerCarpetaPull(app, { journal, clients, logger });
  base = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(async () => {
  delete process.env[TOKEN_ENV];
  await app?.close();
  await journal?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function get(pathAndQuery: string, opts: { token?: string | null; citizen?: string | null; authorization?: string } = {}) {
  const headers: Record<string, string> = {};
  const token = opts.token === undefined ? TOKEN : opts.token;
  if (opts.authorization !== undefined) headers.authorization = opts.authorization;
  else if (token !== null) headers.authorization = `Bearer ${token}`;
  const citizen = opts.citizen === undefined ? HOLDER : opts.citizen;
  if (citizen !== null) headers[CITIZEN_HEADER] = citizen;
  const res = await fetch(`${base}${PULL_PREFIX}${pathAndQuery}`, { headers });
  return { status: res.status, type: res.headers.get('content-type') ?? '', body: (await res.json()) as any };
}

function expectProblem(res: { status: number; type: string; body: any }, status: number, code: string) {
  expect(res.status).toBe(status);
  expect(res.type).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ status, code });
}

describe('the Carpeta pull API', () => {
  describe('client authentication', () => {
    it.each([
      ['no Authorization header', { token: null }],
      ['a wrong token', { token: 'not-the-token' }],
      ['another scheme', { authorization: `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}` }],
    ])('refuses a list query with %s (401 CARPETA_UNAUTHORIZED)', async (_why, opts) => {
      expectProblem(await get('', opts), 401, 'CARPETA_UNAUTHORIZED');
    });

    it('refuses a detail query without a valid token, even for a party', async () => {
      expectProblem(await get(`/${ids.subvencion}`, { token: 'not-the-token' }), 401, 'CARPETA_UNAUTHORIZED');
    });

    it('refuses an unauthenticated query before it looks at the citizen or the query', async () => {
      expectProblem(await get('?bogus=1', { token: null, citizen: null }), 401, 'CARPETA_UNAUTHORIZED');
    });
  });

  describe('naming the citizen', () => {
    it.each([
      ['no Carpeta-Ciudadano header', null],
      ['an empty header', ''],
      ['a NIF with a wrong check letter', '99000003A'],
      ['something that is no document', 'hello'],
      ['a NIF with separators', '99.000.003-E'],
    ])('refuses a query with %s (400 CARPETA_NO_CITIZEN)', async (_why, citizen) => {
      expectProblem(await get('', { citizen }), 400, 'CARPETA_NO_CITIZEN');
      expectProblem(await get(`/${ids.subvencion}`, { citizen }), 400, 'CARPETA_NO_CITIZEN');
    });

    it('takes a document in lower case or with blanks around it', async () => {
      for (const citizen of ['99000003e', ` ${HOLDER} `]) expect((await get('', { citizen })).body.total).toBe(4);
    });

    it('takes a NIE and a CIF', async () => {
      expect((await get('', { citizen: 'X1234567L' })).body).toMatchObject({ total: 0, expedientes: [] });
      expect((await get('', { citizen: REPRESENTATIVE })).body.expedientes.map((e: any) => e.identificador)).toEqual([ids.subvencion]);
    });
  });

  describe('the list of a citizen\'s expedientes', () => {
    it('lists every tenant\'s expedientes of the citizen, most recently changed first, with the page it is', async () => {
      const res = await get('');
      expect(res.status).toBe(200);
      expect(res.type).toMatch(/^application\/json/);
      expect(res.body).toMatchObject({ pagina: 1, tamano: 20, total: 4 });
      expect(res.body.expedientes.map((e: any) => [e.identificador, e.organismo])).toEqual([
        [ids.cerrado, OTHER_TENANT], [ids.resuelto, 'L02000023'], [ids.abierto, 'L02000023'], [ids.subvencion, 'L02000023'],
      ]);
      expect(res.body.expedientes[3]).toMatchObject({ estado: 'En tramitación', estadoCodigo: 'in-progress', fase: 'Fase 3', codigoSIA: '994471' });
    });

    it('never shows another citizen\'s expediente', async () => {
      expect((await get('')).body.expedientes.map((e: any) => e.identificador)).not.toContain(ids.ajeno);
      expect((await get('', { citizen: STRANGER })).body.expedientes.map((e: any) => e.identificador)).toEqual([ids.ajeno]);
    });

    it('lists only open ones with estado=abierto and only finished ones (resolved or closed) with estado=cerrado', async () => {
      const open = await get('?estado=abierto');
      expect(open.body).toMatchObject({ total: 2 });
      expect(open.body.expedientes.map((e: any) => e.identificador)).toEqual([ids.abierto, ids.subvencion]);
      const finished = await get('?estado=cerrado');
      expect(finished.body).toMatchObject({ total: 2 });
      expect(finished.body.expedientes.map((e: any) => e.estadoCodigo)).toEqual(['closed', 'resolved']);
    });

    it('pages with pagina and tamano, the total counting every page', async () => {
      const second = await get('?pagina=2&tamano=3');
      expect(second.body).toMatchObject({ pagina: 2, tamano: 3, total: 4 });
      expect(second.body.expedientes.map((e: any) => e.identificador)).toEqual([ids.subvencion]);
      expect((await get('?pagina=3&tamano=3')).body).toMatchObject({ expedientes: [], total: 4 });
      expect((await get('?estado=abierto&pagina=1&tamano=1')).body.expedientes.map((e: any) => e.identificador)).toEqual([ids.abierto]);
    });

    it.each(['?tamano=100', '?tamano=1', '?pagina=100000', '?pagina=1'])('takes the bound %s', async (query) => {
      expect((await get(query)).status).toBe(200);
    });

    it.each([
      ['tamano', '?tamano=101'],
      ['tamano', '?tamano=0'],
      ['tamano', '?tamano=-1'],
      ['tamano', '?tamano='],
      ['pagina', '?pagina=0'],
      ['pagina', '?pagina=100001'],
      ['pagina', '?pagina=1.5'],
      ['pagina', '?pagina=01'],
      ['pagina', '?pagina=dos'],
      ['pagina', '?pagina=1&pagina=2'],
      ['estado', '?estado=resuelto'],
      ['estado', '?estado=ABIERTO'],
      ['estado', '?estado=abierto&estado=cerrado'],
    ])('refuses %s out of bounds or malformed in %s (400, naming the parameter)', async (name, query) => {
      const res = await get(query);
      expectProblem(res, 400, 'INTAKE_VALIDATION_FAILED');
      expect(res.body.errors).toEqual([expect.objectContaining({ pointer: `/query/${name}`, code: 'CARPETA_QUERY' })]);
    });

    it('refuses a parameter it does not know (400) without echoing it, since a portal may have put a document there', async () => {
      const res = await get('?estado=abierto&nif99000003E=yo');
      expectProblem(res, 400, 'INTAKE_VALIDATION_FAILED');
      expect(res.body.errors).toEqual([expect.objectContaining({ pointer: '/query', code: 'CARPETA_QUERY' })]);
      expect(JSON.stringify(res.body)).not.toContain('99000003E');
    });
  });

  describe('the detail of one expediente', () => {
    it('shows a party the expediente with the changes it went through, oldest first, without the ignored late one', async () => {
      const res = await get(`/${ids.subvencion}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ identificador: ids.subvencion, estadoCodigo: 'in-progress', organismo: 'L02000023' });
      expect(res.body.historial.map((h: any) => [h.secuencia, h.estadoCodigo])).toEqual([[1, 'started'], [3, 'in-progress']]);
      expect((await get(`/${ids.subvencion}`, { citizen: REPRESENTATIVE })).status).toBe(200);
    });

    it('never shows the other interested parties', async () => {
      const shown = JSON.stringify((await get(`/${ids.subvencion}`)).body);
      for (const hidden of [REPRESENTATIVE, documentKeyOf(REPRESENTATIVE), documentKeyOf(HOLDER)]) expect(shown).not.toContain(hidden);
    });

    it('answers 404 to someone who is not a party, as for one that does not exist', async () => {
      expectProblem(await get(`/${ids.ajeno}`), 404, 'INTAKE_NOT_FOUND');
      expectProblem(await get(`/${ids.subvencion}`, { citizen: STRANGER }), 404, 'INTAKE_NOT_FOUND');
      expectProblem(await get('/ES_L02000023_2026_EXP_NOSUCH'), 404, 'INTAKE_NOT_FOUND');
      expectProblem(await get(`/${'X'.repeat(65)}`), 404, 'INTAKE_NOT_FOUND');
    });
  });

  it('logs the client that asked, never the citizen\'s document in clear', async () => {
    logLines.length = 0;
    await get('');
    await get(`/${ids.subvencion}`);
    await get('', { citizen: '99000003A' });
    await get('?nif=99000003E');
    const logs = logLines.join('');
    expect(logs).toContain('carpeta-unit');
    expect(logs).not.toMatch(/99000003[EA]/i);
    expect(logs).not.toContain(TOKEN);
  });
});
