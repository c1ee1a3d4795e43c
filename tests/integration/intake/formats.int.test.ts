import { getMessage, startStack, waitFor, type TestStack } from '../../helpers/stack';
import { exampleFichero } from './hostile-bodies';
import { csvBook } from './csv-book';

async function postRaw(stack: TestStack, path: string, contentType: string, body: Buffer | string) {
  const res = await fetch(`${stack.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${stack.key}`, 'content-type': contentType }, body });
  return { status: res.status, body: (await res.json()) as any };
}

async function delivered(stack: TestStack, id: string) {
  return waitFor(() => getMessage(stack, id), (m) => m.body.status === 'delivered');
}

describe('every format reaches SIR (real RabbitMQ, journal, workers and the SIR simulator)', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it("delivers a municipality's own SICRES fichero under pasarela's Identificador_Intercambio", async () => {
    const res = await postRaw(stack, '/v1/registry-entries', 'application/xml; charset=utf-8', exampleFichero());
    expect(res.status).toBe(202);
    const m = await delivered(stack, res.body.id);
    expect(m.body.status).toBe('delivered');
    expect(m.body.exchangeId).toMatch(/^O00009001_\d{2}_\d{8}$/);
    expect(m.body.exchangeId).not.toBe('O00009001_25_00001234');
  });

  it('takes ?format= over a Content-Type no adapter accepts', async () => {
    const res = await postRaw(stack, '/v1/registry-entries?format=sicres3-xml', 'application/octet-stream', exampleFichero());
    expect(res.status).toBe(202);
    expect((await delivered(stack, res.body.id)).body.status).toBe('delivered');
  });

  it('delivers every row of a Windows-1252 registry book posted as CSV, one message per row', async () => {
    const res = await postRaw(stack, '/v1/registry-entries/batch', 'text/csv', csvBook(3, 'latin1'));
    expect(res.status).toBe(202);
    expect(res.body.items.map((i: any) => i.line)).toEqual([2, 3, 4]);
    for (const item of res.body.items) expect((await delivered(stack, item.id)).body.status).toBe('delivered');
    const first = await stack.app.journal.getMessage(res.body.items[0].id);
    expect((first!.envelope.payload as any).interested[0].interested.name).toBe('María José');
    expect(first!.envelope.source.adapter).toMatch(/^registro-csv@/);
  });
});
