import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createEnvelope, type Envelope } from '../../../src/core/envelope';
import type { ExpedienteStatus } from '../../../src/core/expediente';
import { projectPath } from '../../../src/core/paths';
import { transforms } from '../../../transforms';
import { expedienteStatusToProjection } from '../../../transforms/expediente-status-to-projection';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

function example(): ExpedienteStatus {
  return JSON.parse(readFileSync(projectPath('schemas', 'canonical', 'examples', 'expediente-status.json'), 'utf8')) as ExpedienteStatus;
}

function message(payload: ExpedienteStatus): Envelope<ExpedienteStatus> {
  return createEnvelope({ type: 'expediente-status', schemaVersion: 1, tenant: 'L02000023', source: { system: 'gestor', adapter: 'expediente-status-json@1' }, payload });
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

describe('expediente-status-to-projection', () => {
  it('is registered, from expediente-status to the projection\'s update', () => {
    expect(transforms[expedienteStatusToProjection.name]).toBe(expedienteStatusToProjection);
    expect(expedienteStatusToProjection).toMatchObject({ name: 'expediente-status-to-projection', from: 'expediente-status', to: 'expediente-projection' });
  });

  it('maps the example field by field, the message id and tenant from the envelope', () => {
    const m = message(example());
    expect(expedienteStatusToProjection.apply(m)).toEqual({
      messageId: m.id, tenant: 'L02000023', expediente: 'ES_L02000023_2026_EXP_SUB2026000457', managingUnit: 'L02000023',
      procedure: { code: '994471', name: 'Subvenciones para actividades culturales' },
      title: 'Solicitud de subvención para actividades culturales 2026, expediente SUB-2026/0457',
      state: 'in-progress', phase: 'Evaluación técnica de la solicitud por la comisión de valoración', pendingAction: null,
      startedAt: '2026-03-02T09:15:00+01:00', changedAt: '2026-05-20T12:40:00+02:00', resolvedAt: null, closedAt: null,
      officeUrl: 'https://sede.example.es/carpeta/expedientes/ES_L02000023_2026_EXP_SUB2026000457', sequence: 4,
      parties: [{ documentKey: sha256('99000003E'), role: 'holder' }, { documentKey: sha256('B99000077'), role: 'representative' }],
    });
  });

  it('keeps the parties as document keys, never their numbers', () => {
    const out = JSON.stringify(expedienteStatusToProjection.apply(message(example())));
    expect(out).not.toContain('99000003E');
    expect(out).not.toContain('B99000077');
  });

  it('takes a party that names no role as the holder', () => {
    const p = { ...example(), interested: [{ documentType: 'NIE' as const, documentNumber: 'X1234567L' }] };
    expect(expedienteStatusToProjection.apply(message(p)).parties).toEqual([{ documentKey: sha256('X1234567L'), role: 'holder' }]);
  });

  it('carries the pending action and the resolution and closing dates when there are some', () => {
    const p: ExpedienteStatus = {
      ...example(), state: 'closed', phase: undefined, pendingAction: { description: 'Aportar documentación', dueOn: '2026-06-10' },
      dates: { startedAt: '2026-03-02T09:15:00+01:00', changedAt: '2026-06-02T10:00:00+02:00', resolvedAt: '2026-06-01T10:00:00+02:00', closedAt: '2026-06-02T10:00:00+02:00' },
    };
    expect(expedienteStatusToProjection.apply(message(p))).toMatchObject({
      state: 'closed', phase: null, pendingAction: { description: 'Aportar documentación', dueOn: '2026-06-10' },
      resolvedAt: '2026-06-01T10:00:00+02:00', closedAt: '2026-06-02T10:00:00+02:00',
    });
  });

  it('is pure: the same message gives the same update and is left as it was', () => {
    const m = deepFreeze(message(example()));
    expect(expedienteStatusToProjection.apply(m)).toEqual(expedienteStatusToProjection.apply(m));
  });
});
