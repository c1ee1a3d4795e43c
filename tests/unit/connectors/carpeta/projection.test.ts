import { connectorFactories } from '../../../../src/connectors';
import { createCarpetaProjectionConnector } from '../../../../src/connectors/carpeta-projection';
import { Errors, isPasarelaError, PasarelaError } from '../../../../src/core/errors';
import type { DeliveryContext } from '../../../../src/core/plugin';
import type { ExpedienteUpdate, ProjectOutcome } from '../../../../src/journal/expedientes';
import type { Journal } from '../../../../src/journal/journal';
import { silentLogger } from '../../../../src/observability/logger';
import { codeOf } from '../../../helpers/errors';

const UPDATE: ExpedienteUpdate = {
  messageId: 'm-original', tenant: 'L02000023', expediente: 'ES_L02000023_2026_EXP_SUB2026000457', managingUnit: 'L02000023',
  procedure: { code: '994471', name: 'Subvenciones' }, title: 'Solicitud', state: 'in-progress', phase: null, pendingAction: null,
  startedAt: '2026-03-02T09:15:00+01:00', changedAt: '2026-05-20T12:40:00+02:00', resolvedAt: null, closedAt: null,
  officeUrl: 'https://sede.example.es/x', sequence: 4, parties: [{ documentKey: 'a'.repeat(64), role: 'holder' }],
};

/** A journal whose projection answers `outcome` (or throws it) and records what it was given. */
function fakeJournal(outcome: ProjectOutcome | PasarelaError) {
  const projected: ExpedienteUpdate[] = [];
  const journal = {
    expedientes: {
      async project(u: ExpedienteUpdate): Promise<ProjectOutcome> {
        projected.push(u);
        if (outcome instanceof PasarelaError) throw outcome;
        return outcome;
      },
    },
  } as unknown as Journal;
  return { journal, projected };
}

function delivery(over: Partial<DeliveryContext> = {}): DeliveryContext {
  return { signal: new AbortController().signal, attempt: 1, idempotencyKey: 'm-original', route: 'expediente-status-to-projection', logger: silentLogger(), messageId: 'm-delivered', ...over };
}

async function projecting(outcome: ProjectOutcome | PasarelaError) {
  const { journal, projected } = fakeJournal(outcome);
  const c = createCarpetaProjectionConnector();
  await c.init({ config: {}, logger: silentLogger(), journal });
  return { c, projected };
}

describe('the Carpeta projection connector', () => {
  it('is registered as carpeta-projection and delivers expediente-projection payloads', () => {
    const c = connectorFactories['carpeta-projection']();
    expect(c.name).toBe('carpeta-projection');
    expect(c.accepts).toEqual(['expediente-projection']);
  });

  it('answers applied with the expediente as its key', async () => {
    const { c } = await projecting({ kind: 'applied', previous: null });
    const receipt = await c.deliver(UPDATE, delivery());
    expect(receipt).toMatchObject({ code: 'applied', keys: { expediente: UPDATE.expediente } });
    expect(receipt.keys).not.toHaveProperty('redelivered');
  });

  it('answers stale for an older update', async () => {
    const { c } = await projecting({ kind: 'stale', current: { state: 'resolved', sequence: 9 } });
    expect(await c.deliver(UPDATE, delivery())).toMatchObject({ code: 'stale', keys: { expediente: UPDATE.expediente } });
  });

  it('answers duplicate for the projected sequence from another message, without marking it redelivered', async () => {
    const { c } = await projecting({ kind: 'duplicate', sameMessage: false });
    const receipt = await c.deliver(UPDATE, delivery());
    expect(receipt.code).toBe('duplicate');
    expect(receipt.keys).not.toHaveProperty('redelivered');
  });

  it('marks a duplicate that is this very message again as redelivered', async () => {
    const { c } = await projecting({ kind: 'duplicate', sameMessage: true });
    expect(await c.deliver(UPDATE, delivery())).toMatchObject({ code: 'duplicate', keys: { expediente: UPDATE.expediente, redelivered: 'true' } });
  });

  it('parks an expediente another tenant owns (CARPETA_FOREIGN_EXPEDIENTE, not retryable)', async () => {
    const { c } = await projecting({ kind: 'foreign' });
    const err = await c.deliver(UPDATE, delivery()).catch((e: unknown) => e);
    expect(isPasarelaError(err) && { code: err.code, retryable: err.retryable, expediente: err.details.expediente })
      .toEqual({ code: 'CARPETA_FOREIGN_EXPEDIENTE', retryable: false, expediente: UPDATE.expediente });
  });

  it('projects under the id of the message being delivered (a replay\'s own), else the update\'s', async () => {
    const { c, projected } = await projecting({ kind: 'applied', previous: null });
    await c.deliver(UPDATE, delivery());
    await c.deliver(UPDATE, delivery({ messageId: undefined }));
    expect(projected.map((u) => u.messageId)).toEqual(['m-delivered', 'm-original']);
    expect(projected[0]).toEqual({ ...UPDATE, messageId: 'm-delivered' });
  });

  it('lets a journal failure through as it is (JOURNAL_UNAVAILABLE, retryable)', async () => {
    const { c } = await projecting(new PasarelaError(Errors.JOURNAL_UNAVAILABLE));
    const err = await c.deliver(UPDATE, delivery()).catch((e: unknown) => e);
    expect(isPasarelaError(err) && [err.code, err.retryable]).toEqual(['JOURNAL_UNAVAILABLE', true]);
  });

  it('fails init without the journal in its context (CONFIG_INVALID)', async () => {
    expect(await codeOf(createCarpetaProjectionConnector().init({ config: {}, logger: silentLogger() }))).toBe('CONFIG_INVALID');
  });

  it('refuses a delivery before init and after close (CONFIG_INVALID); close is idempotent', async () => {
    expect(await codeOf(createCarpetaProjectionConnector().deliver(UPDATE, delivery()))).toBe('CONFIG_INVALID');
    const { c } = await projecting({ kind: 'applied', previous: null });
    await c.close();
    await c.close();
    expect(await codeOf(c.deliver(UPDATE, delivery()))).toBe('CONFIG_INVALID');
  });
});
