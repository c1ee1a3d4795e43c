import { startCarpetaSimulator, type CarpetaSimulator } from '../../../../simulators/carpeta';
import { exampleChange } from '../../../../simulators/carpeta/examples';
import { pushChange } from '../../../../simulators/carpeta/requests';

const SECRET = 'secreto-de-prueba-carpeta-0001';

const NOT_JSON = 'the body is not JSON, or has a __proto__ or constructor.prototype key';
const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
const invalidUtf8 = Buffer.concat([Buffer.from('{"id":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]);

describe('Carpeta simulator facing hostile bodies (real HTTP)', () => {
  let sim: CarpetaSimulator;

  beforeAll(async () => {
    sim = await startCarpetaSimulator({ port: 0, secret: SECRET });
  });
  afterAll(() => sim.stop());

  async function stillServes(): Promise<void> {
    expect((await pushChange(sim.pushUrl, exampleChange(), { secret: SECRET })).status).toBe(200);
  }

  it.each([
    ['text that is not JSON', 'hola, esto no es JSON', NOT_JSON],
    ['an empty body', '', NOT_JSON],
    ['10,000 nested arrays', deep, 'the body nests too deep'],
    ['bytes that are not UTF-8', invalidUtf8, 'the body is not UTF-8'],
    ['a __proto__ key', `{"__proto__": {"admin": true}, "id": "x"}`, NOT_JSON],
    ['a JSON string', '"ES_L02000023_2026_EXP_000123"', '/: must be an object'],
  ])('answers a signed push of %s with 400 and keeps serving', async (_label, body, detail) => {
    const a = await pushChange(sim.pushUrl, body, { secret: SECRET, deliveryId: '0193a0de-6b1c-7f2e-9d3a-5c4b3a291807' });
    expect(a).toMatchObject({ status: 400, body: { code: 'CARPETA_INVALID_CHANGE', detail } });
    await stillServes();
  });

  it('answers a body over 256 KiB with 413 before checking its signature, and keeps serving', async () => {
    const huge = JSON.stringify({ ...exampleChange(), title: 'x'.repeat(2 * 1024 * 1024) });
    expect(await pushChange(sim.pushUrl, huge, { secret: SECRET })).toMatchObject({ status: 413, body: { code: 'CARPETA_BODY_TOO_LARGE' } });
    expect(await pushChange(sim.pushUrl, huge, { secret: SECRET, signature: null })).toMatchObject({ status: 413 });
    await stillServes();
  });

  it('refuses a compressed body with 415', async () => {
    const a = await pushChange(sim.pushUrl, exampleChange(), { secret: SECRET, headers: { 'content-encoding': 'gzip' } });
    expect(a).toMatchObject({ status: 415, body: { code: 'CARPETA_UNSUPPORTED_MEDIA_TYPE' } });
    await stillServes();
  });

  it('answers hostile control requests with 400 or 413 and keeps serving', async () => {
    const post = (body: string) => fetch(`${sim.url}/_sim/faults`, { method: 'POST', body });
    expect((await post(deep)).status).toBe(400);
    expect((await post('x'.repeat(100 * 1024))).status).toBe(413);
    expect((await fetch(`${sim.url}/_sim/citizens/%E0%A4%A/expedientes`)).status).toBe(400);
    expect((await fetch(`${sim.url}/_sim/citizens/${'9'.repeat(40)}/expedientes`)).status).toBe(404);
    await stillServes();
  });

  it('survives many hostile pushes at once', async () => {
    const bodies = Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? deep : `{"id": ${'['.repeat(i)}`));
    const answers = await Promise.all(bodies.map((b) => pushChange(sim.pushUrl, b, { secret: SECRET, deliveryId: 'x' })));
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([400]));
    await stillServes();
  });
});
