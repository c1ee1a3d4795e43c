import { getMessage, OTHER_TENANT, startStack, waitFor, type TestStack } from '../../helpers/stack';
import { exampleExpediente, expediente, postStatus, pull } from '../../helpers/expedientes';

const CITIZEN = '99000003E';

/** Expediente changes from a municipality to Carpeta Ciudadana, pull and push, on real parts. */
describe.each(['sqlite', 'postgres'] as const)('Carpeta Ciudadana (journal: %s)', (journal) => {
  let stack: TestStack;

  beforeAll(async () => {
    stack = await startStack({ journal, carpeta: {} });
  });
  afterAll(() => stack?.stop());

  const delivered = (id: string, key = stack.key) => waitFor(() => getMessage(stack, id, key), (r) => r.body.status === 'delivered' || r.body.status === 'parked');

  it('projects the canonical example posted as it is, shows it to the citizen\'s query and pushes it, signed, to Carpeta', async () => {
    const example = exampleExpediente();
    const posted = await postStatus(stack, example);
    expect(posted.status).toBe(202);
    const view = (await delivered(posted.body.id)).body;
    expect(view.status).toBe('delivered');
    expect(view.history.map((h: any) => h.event)).toContain('expediente-projected');
    const list = await pull(stack, CITIZEN);
    expect(list.status).toBe(200);
    expect(list.body.expedientes).toEqual([expect.objectContaining({ identificador: example.expediente, estadoCodigo: 'in-progress', estado: 'En tramitación', organismo: 'L02000023', url: example.officeUrl })]);
    const detail = await pull(stack, CITIZEN, `/${example.expediente}`);
    expect(detail.body.historial).toEqual([expect.objectContaining({ estadoCodigo: 'in-progress', secuencia: 4 })]);
    const pushed = await waitFor(async () => stack.carpeta!.expediente(example.expediente), (x) => x !== undefined);
    expect(pushed?.current).toMatchObject({ sequence: 4, state: 'in-progress', tenant: 'L02000023' });
    expect(stack.carpeta!.stats()).toMatchObject({ received: 1, unique: 1, duplicates: 0, badSignatures: 0 });
  });

  it('takes updates in order and keeps each one as the expediente\'s history', async () => {
    const steps = [[1, 'started'], [2, 'in-progress'], [3, 'pending-citizen-action'], [4, 'resolved']] as const;
    for (const [seq, state] of steps) {
      const e = expediente('L02000023', 'ORDEN1', seq, state, `2026-05-2${seq}T10:00:00+02:00`);
      if (state === 'pending-citizen-action') e.pendingAction = { description: 'Aportar el certificado de empadronamiento', dueOn: '2026-06-10' };
      const posted = await postStatus(stack, e);
      expect(posted.status).toBe(202);
      expect((await delivered(posted.body.id)).body.status).toBe('delivered');
    }
    const detail = await pull(stack, CITIZEN, '/ES_L02000023_2026_EXP_ORDEN1');
    expect(detail.body).toMatchObject({ estadoCodigo: 'resolved', fechaResolucion: '2026-05-24T10:00:00+02:00' });
    expect(detail.body.historial.map((h: any) => h.secuencia)).toEqual([1, 2, 3, 4]);
    const closedOnes = await pull(stack, CITIZEN, '', { query: 'estado=cerrado' });
    expect(closedOnes.body.expedientes.map((x: any) => x.identificador)).toContain('ES_L02000023_2026_EXP_ORDEN1');
    const open = await pull(stack, CITIZEN, '', { query: 'estado=abierto' });
    expect(open.body.expedientes.map((x: any) => x.identificador)).not.toContain('ES_L02000023_2026_EXP_ORDEN1');
  });

  it('never lets an older or repeated update overwrite a newer state, and records a hop for each', async () => {
    const newer = await postStatus(stack, expediente('L02000023', 'DESORDEN', 7, 'in-progress', '2026-05-27T10:00:00+02:00'));
    await delivered(newer.body.id);
    const older = await postStatus(stack, expediente('L02000023', 'DESORDEN', 5, 'started', '2026-05-25T10:00:00+02:00'));
    const olderView = (await delivered(older.body.id)).body;
    expect(olderView.history.find((h: any) => h.event === 'expediente-stale')).toMatchObject({ code: 'started' });
    const again = await postStatus(stack, expediente('L02000023', 'DESORDEN', 7, 'in-progress', '2026-05-27T10:00:00+02:00'));
    const againView = (await delivered(again.body.id)).body;
    expect(againView.history.map((h: any) => h.event)).toContain('expediente-duplicate');
    const detail = await pull(stack, CITIZEN, '/ES_L02000023_2026_EXP_DESORDEN');
    expect(detail.body).toMatchObject({ estadoCodigo: 'in-progress' });
    expect(detail.body.historial.map((h: any) => h.secuencia)).toEqual([7]);
    // Only the change the projection took reached Carpeta.
    await waitFor(async () => stack.carpeta!.expediente('ES_L02000023_2026_EXP_DESORDEN'), (x) => x !== undefined);
    expect(stack.carpeta!.expediente('ES_L02000023_2026_EXP_DESORDEN')?.current).toMatchObject({ sequence: 7 });
    expect(stack.carpeta!.expediente('ES_L02000023_2026_EXP_DESORDEN')?.history.map((h) => h.sequence)).toEqual([7]);
  });

  it('keeps two municipalities\' expedientes apart in writes, and shows both to their common citizen', async () => {
    const theirs = expediente(OTHER_TENANT.code, 'AJENO1', 1, 'started');
    const posted = await postStatus(stack, theirs, { key: stack.otherKey });
    expect(posted.status).toBe(202);
    expect((await delivered(posted.body.id, stack.otherKey)).body.status).toBe('delivered');
    // Neither may write the other's expedientes.
    const intrusion = await postStatus(stack, expediente('L02000023', 'ORDEN1', 99, 'closed'), { key: stack.otherKey });
    expect(intrusion.status).toBe(403);
    expect(intrusion.body.code).toBe('AUTH_FORBIDDEN_UNIT');
    expect((await postStatus(stack, expediente(OTHER_TENANT.code, 'AJENO1', 2), {})).status).toBe(403);
    const list = await pull(stack, CITIZEN);
    const organismos = new Set(list.body.expedientes.map((x: any) => x.organismo));
    expect(organismos).toEqual(new Set(['L02000023', OTHER_TENANT.code]));
    // The other tenant's status API does not show ours, nor ours theirs.
    expect((await getMessage(stack, posted.body.id)).status).toBe(404);
  });

  it('refuses queries without a valid client token or citizen, and hides an expediente from who is not its party', async () => {
    expect((await pull(stack, CITIZEN, '', { token: null })).body.code).toBe('CARPETA_UNAUTHORIZED');
    const wrong = await pull(stack, CITIZEN, '', { token: 'not-a-client-token' });
    expect(wrong.status).toBe(401);
    expect(wrong.contentType).toContain('application/problem+json');
    expect((await pull(stack, undefined)).body.code).toBe('CARPETA_NO_CITIZEN');
    expect((await pull(stack, '12345678A')).body.code).toBe('CARPETA_NO_CITIZEN');
    expect((await pull(stack, CITIZEN, '', { query: 'tamano=1000' })).status).toBe(400);
    expect((await pull(stack, '00000001R', '/ES_L02000023_2026_EXP_ORDEN1')).status).toBe(404);
    expect((await pull(stack, '00000001R')).body).toMatchObject({ expedientes: [], total: 0 });
  });

  it('refuses a status whose URL and body name different expedientes, or that breaks the schema, writing nothing', async () => {
    const e = exampleExpediente();
    const before = await stack.app.journal.operations.countMessages({ type: 'expediente-status' });
    const mismatch = await postStatus(stack, e, { id: 'ES_L02000023_2026_EXP_OTRO' });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.errors ?? mismatch.body.problems).toEqual(expect.arrayContaining([expect.objectContaining({ pointer: '/expediente' })]));
    const bad = await postStatus(stack, { ...e, expediente: 'ES_l02000023_2026_EXP_1' } as never, { id: 'ES_l02000023_2026_EXP_1' });
    expect(bad.status).toBe(400);
    expect((await postStatus(stack, '{"expediente": ')).body.code).toBe('INTAKE_INVALID_JSON');
    expect(await stack.app.journal.operations.countMessages({ type: 'expediente-status' })).toBe(before);
    expect(await stack.app.journal.expedientes.get('ES_L02000023_2026_EXP_OTRO')).toBeUndefined();
  });
});
