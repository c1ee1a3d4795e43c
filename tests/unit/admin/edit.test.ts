import { checkEdit } from '../../../src/admin/edit';
import type { AdminContext } from '../../../src/admin/context';
import { resolveRoutes } from '../../../src/app';
import { loadConfig } from '../../../src/config/load';
import { createEnvelope } from '../../../src/core/envelope';
import { createSchemaRegistry } from '../../../src/core/schemas';
import type { MessageRow } from '../../../src/journal/journal';
import { silentLogger } from '../../../src/observability/logger';
import { exampleEntry } from '../../helpers/entries';

const config = loadConfig({ env: {} });
const ctx = { schemas: createSchemaRegistry(), routes: resolveRoutes(config), config, logger: silentLogger() } as unknown as AdminContext;

function parkedRow(payload: unknown = withExchangeId(exampleEntry()), type: MessageRow['type'] = 'registry-entry'): MessageRow {
  const envelope = createEnvelope({ type, schemaVersion: 1, tenant: 'L02000023', source: { system: 's', adapter: 'json@1' }, payload });
  return {
    id: envelope.id, tenant: 'L02000023', type, route: 'registry-entry-to-sir', status: 'parked', correlationId: envelope.id, registryNumber: null,
    exchangeId: null, idempotencyKey: null, requestHash: null, attempts: 1, createdAt: '', updatedAt: '', envelope, replayOf: null, deliveryKey: envelope.id,
  };
}

function withExchangeId<T extends { control: { exchangeId?: string } }>(entry: T): T {
  entry.control.exchangeId = 'O00009001_26_00000042';
  return entry;
}

function refusal(fn: () => unknown): { code: string; problems: Array<{ pointer: string; code: string }> } {
  try {
    fn();
  } catch (e) {
    const err = e as { code: string; problems: Array<{ pointer: string; code: string }> };
    return { code: err.code, problems: err.problems.map(({ pointer, code }) => ({ pointer, code })) };
  }
  throw new Error('expected a refusal');
}

describe('checking an edit before it is replayed', () => {
  it('gives the RFC 6902 diff of a valid correction', () => {
    const row = parkedRow();
    const payload = structuredClone(row.envelope.payload) as ReturnType<typeof exampleEntry>;
    payload.subject.summary = 'Corrected summary';
    expect(checkEdit(ctx, row, payload)).toEqual([{ op: 'replace', path: '/subject/summary', value: 'Corrected summary' }]);
  });

  it('refuses a payload the canonical schema refuses, with every problem', () => {
    const row = parkedRow();
    const payload = { ...(structuredClone(row.envelope.payload) as object), subject: 42, extra: true };
    const r = refusal(() => checkEdit(ctx, row, payload));
    expect(r.code).toBe('ADMIN_INVALID_PAYLOAD');
    expect(r.problems.length).toBeGreaterThanOrEqual(1);
  });

  it.each([['null', null], ['an array', []], ['a text', 'subject'], ['a number', 7]])('refuses %s as a payload', (_what, payload) => {
    expect(refusal(() => checkEdit(ctx, parkedRow(), payload)).code).toBe('ADMIN_INVALID_PAYLOAD');
  });

  it('refuses a payload identical to the original: that is a replay, not an edit', () => {
    const row = parkedRow();
    expect(refusal(() => checkEdit(ctx, row, structuredClone(row.envelope.payload)))).toEqual({ code: 'ADMIN_INVALID_PAYLOAD', problems: [] });
  });

  it("refuses a change to the Identificador_Intercambio or the origin office, which the replay must keep", () => {
    const row = parkedRow();
    const payload = structuredClone(row.envelope.payload) as ReturnType<typeof exampleEntry>;
    payload.control.exchangeId = 'O00009001_26_00000043';
    payload.origin.office = 'O00009002';
    const r = refusal(() => checkEdit(ctx, row, payload));
    expect(r.code).toBe('ADMIN_INVALID_PAYLOAD');
    expect(r.problems).toEqual(expect.arrayContaining([
      { pointer: '/control/exchangeId', code: 'FIXED_FIELD' },
      { pointer: '/origin/office', code: 'FIXED_FIELD' },
    ]));
  });

  it('refuses to remove the Identificador_Intercambio', () => {
    const row = parkedRow();
    const payload = structuredClone(row.envelope.payload) as ReturnType<typeof exampleEntry>;
    delete payload.control.exchangeId;
    expect(refusal(() => checkEdit(ctx, row, payload)).problems).toContainEqual({ pointer: '/control/exchangeId', code: 'FIXED_FIELD' });
  });

  it('refuses to edit a type that has no canonical schema', () => {
    const row = parkedRow({ event: 'x' }, 'tenant-event');
    expect(refusal(() => checkEdit(ctx, row, { event: 'y' })).code).toBe('ADMIN_INVALID_PAYLOAD');
  });
});
