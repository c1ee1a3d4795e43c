import Fastify, { type FastifyInstance } from 'fastify';
import pino from 'pino';
import { simulatorsOptionsFromEnv, startSimulators } from '../../../simulators/main';
import { startCarpetaSimulator, type CarpetaSimulator } from '../../../simulators/carpeta';
import { exampleChange } from '../../../simulators/carpeta/examples';
import { pushChange } from '../../../simulators/carpeta/requests';

const SECRET = 'secreto-de-prueba-carpeta-0001';
const TOKEN = 'token-de-consulta-carpeta';
const DOC = '99000003E';
const EXP = 'ES_L02000023_2026_EXP_000123';

interface Seen {
  url: string;
  authorization?: string;
  citizen?: string;
}

const item = (identificador: string) => ({
  identificador, denominacion: 'Licencia de obra menor', codigoSIA: '994471', procedimiento: 'Licencia de obra menor',
  unidadTramitadoraDIR3: 'L02000023', organismo: 'L02000023', fechaInicio: '2026-02-02T09:15:00+01:00',
  fechaUltimaActualizacion: '2026-02-28T12:00:00+01:00', estado: 'En tramitación', fase: 'Informe técnico', url: `https://sede.example.es/${identificador}`,
});

/** A tiny stand-in for pasarela's pull API: it answers one citizen's one expediente and records what arrived. */
async function standIn(seen: Seen[]): Promise<FastifyInstance> {
  const app = Fastify();
  app.addHook('onRequest', async (req, reply) => {
    seen.push({ url: req.url, authorization: req.headers.authorization, citizen: req.headers['carpeta-ciudadano'] as string | undefined });
    if (req.headers.authorization !== `Bearer ${TOKEN}`) return reply.code(401).send({ code: 'UNAUTHORIZED' });
  });
  app.get('/carpeta/v1/expedientes', async (req) => {
    const q = req.query as Record<string, string>;
    const mine = req.headers['carpeta-ciudadano'] === DOC;
    return { expedientes: mine ? [item(EXP)] : [], pagina: Number(q.pagina ?? 1), tamano: Number(q.tamano ?? 20), total: mine ? 1 : 0, estado: q.estado ?? null };
  });
  app.get('/carpeta/v1/expedientes/:id', async (req, reply) => {
    const { id } = req.params as { id: string };
    if (req.headers['carpeta-ciudadano'] !== DOC || id !== EXP) return reply.code(404).send({ code: 'NOT_FOUND' });
    return { ...item(id), historial: [{ estado: 'Iniciado', fase: 'Registro', fecha: '2026-02-02T09:15:00+01:00', secuencia: 1 }] };
  });
  app.get('/redirige/carpeta/v1/expedientes', async (_req, reply) => reply.redirect('http://127.0.0.1:1/otra'));
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}

const originOf = (app: FastifyInstance): string => {
  const address = app.server.address();
  return typeof address === 'object' && address !== null ? `http://127.0.0.1:${address.port}` : '';
};

/** An origin nothing listens on: a port that was free a moment ago. */
async function closedOrigin(): Promise<string> {
  const probe = Fastify();
  await probe.listen({ port: 0, host: '127.0.0.1' });
  const origin = originOf(probe);
  await probe.close();
  return origin;
}

describe('Carpeta simulator playing the portal that queries pasarela (real HTTP)', () => {
  let sim: CarpetaSimulator;
  let app: FastifyInstance;
  const seen: Seen[] = [];
  const ask = async (path: string) => {
    const res = await fetch(`${sim.url}/_sim/pull/citizens/${path}`);
    return { status: res.status, json: await res.json() };
  };

  beforeAll(async () => {
    sim = await startCarpetaSimulator({ port: 0, secret: SECRET });
    app = await standIn(seen);
    sim.setPull(`${originOf(app)}/`, TOKEN);
  });
  afterAll(async () => {
    await sim.stop();
    await app.close();
  });
  beforeEach(() => {
    seen.length = 0;
    sim.reset();
    sim.setPull(originOf(app), TOKEN);
  });

  it('asks for a citizen\'s expedientes with the token and the document in headers, never in the URL', async () => {
    const a = await ask(`${DOC}/expedientes?estado=abierto&pagina=2&tamano=10&nif=${DOC}`);
    expect(a).toEqual({ status: 200, json: { status: 200, body: { expedientes: [item(EXP)], pagina: 2, tamano: 10, total: 1, estado: 'abierto' } } });
    expect(seen).toEqual([{ url: '/carpeta/v1/expedientes?estado=abierto&pagina=2&tamano=10', authorization: `Bearer ${TOKEN}`, citizen: DOC }]);
    expect(seen[0].url).not.toContain(DOC);
    expect(sim.stats().pulls).toBe(1);
  });

  it('asks for one expediente\'s detail and passes on pasarela\'s 404 for someone who is not interested in it', async () => {
    const mine = await ask(`${DOC}/expedientes/${EXP}`);
    expect(mine).toMatchObject({ status: 200, json: { status: 200, body: { identificador: EXP, historial: [{ secuencia: 1 }] } } });
    expect(await ask(`99000004T/expedientes/${EXP}`)).toEqual({ status: 200, json: { status: 404, body: { code: 'NOT_FOUND' } } });
    expect(seen.map((s) => [s.url, s.citizen])).toEqual([[`/carpeta/v1/expedientes/${EXP}`, DOC], [`/carpeta/v1/expedientes/${EXP}`, '99000004T']]);
    expect(sim.stats().pulls).toBe(2);
  });

  it('asks without Authorization when no token is set, and passes on the refusal', async () => {
    sim.setPull(originOf(app));
    expect(await ask(`${DOC}/expedientes`)).toEqual({ status: 200, json: { status: 401, body: { code: 'UNAUTHORIZED' } } });
    expect(seen[0]).toEqual({ url: '/carpeta/v1/expedientes', authorization: undefined, citizen: DOC });
  });

  it('does not follow a redirect, so the token and the document stay with pasarela', async () => {
    sim.setPull(`${originOf(app)}/redirige`, TOKEN);
    const a = await ask(`${DOC}/expedientes`);
    expect(a).toMatchObject({ status: 200, json: { status: 302 } });
    expect(seen).toHaveLength(1);
  });

  it('answers 502 SIM_PULL_FAILED when pasarela cannot be reached, counting the pull', async () => {
    sim.setPull(await closedOrigin(), TOKEN);
    expect(await ask(`${DOC}/expedientes`)).toMatchObject({ status: 502, json: { code: 'SIM_PULL_FAILED', detail: 'ECONNREFUSED' } });
    expect(sim.stats().pulls).toBe(1);
  });

  it('takes the pull URL and token from PASARELA_SIM_CARPETA_PULL_URL and _PULL_TOKEN', async () => {
    const sims = await startSimulators(simulatorsOptionsFromEnv({
      PASARELA_SIM_SIR_PORT: '0', PASARELA_SIM_CARPETA_PULL_URL: originOf(app), PASARELA_SIM_CARPETA_PULL_TOKEN: TOKEN,
    }));
    try {
      const res = await fetch(`${sims.carpeta.url}/_sim/pull/citizens/${DOC}/expedientes`);
      expect(await res.json()).toMatchObject({ status: 200, body: { total: 1 } });
      expect(seen[0]).toMatchObject({ authorization: `Bearer ${TOKEN}`, citizen: DOC });
    } finally {
      await sims.stop();
    }
  });
});

describe('Carpeta simulator logs', () => {
  it('never carry the document number, the push secret or the pull token', async () => {
    const lines: string[] = [];
    const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) });
    const seen: Seen[] = [];
    const app = await standIn(seen);
    const sim = await startCarpetaSimulator({ port: 0, secret: SECRET, logger, pullUrl: originOf(app), pullToken: TOKEN });
    try {
      await pushChange(sim.pushUrl, exampleChange(), { secret: SECRET });
      await pushChange(sim.pushUrl, exampleChange(), { secret: 'otro-secreto-de-prueba-0002' });
      await pushChange(sim.pushUrl, { ...exampleChange(), interested: [{ documentType: 'NIF', documentNumber: '99000003A', role: 'holder' }] }, { secret: SECRET });
      await sim.setFaults({ latencyMs: [0, 1] });
      await fetch(`${sim.url}/_sim/pull/citizens/${DOC}/expedientes`);
      await fetch(`${sim.url}/_sim/pull/citizens/${DOC}/expedientes/${EXP}`);
    } finally {
      await sim.stop();
      await app.close();
    }
    expect(lines.length).toBeGreaterThanOrEqual(5);
    const all = lines.join('\n');
    for (const secret of [DOC, '99000003A', SECRET, TOKEN]) expect(all).not.toContain(secret);
  });
});
