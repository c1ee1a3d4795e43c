import { readFileSync } from 'node:fs';
import { createEnvelope, type Envelope } from '../../../src/core/envelope';
import type { ExpedienteStatus } from '../../../src/core/expediente';
import { projectPath } from '../../../src/core/paths';
import { transforms } from '../../../transforms';
import { expedienteStatusToCarpeta } from '../../../transforms/expediente-status-to-carpeta';

function example(): ExpedienteStatus {
  return JSON.parse(readFileSync(projectPath('schemas', 'canonical', 'examples', 'expediente-status.json'), 'utf8')) as ExpedienteStatus;
}

/** A carpeta-push message as the pusher makes it: the update's payload and tenant. */
function push(payload: ExpedienteStatus): Envelope<ExpedienteStatus> {
  return createEnvelope({ type: 'carpeta-push', schemaVersion: 1, tenant: 'L02000023', source: { system: 'pasarela', adapter: 'carpeta-push@1' }, payload });
}

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

describe('expediente-status-to-carpeta', () => {
  it('is registered, from carpeta-push to the push body', () => {
    expect(transforms[expedienteStatusToCarpeta.name]).toBe(expedienteStatusToCarpeta);
    expect(expedienteStatusToCarpeta).toMatchObject({ name: 'expediente-status-to-carpeta', from: 'carpeta-push', to: 'carpeta-push' });
  });

  it('maps the example field by field, the tenant from the envelope, without an id (the connector adds the delivery key)', () => {
    const body = expedienteStatusToCarpeta.apply(push(example()));
    expect(body).toEqual({
      expediente: 'ES_L02000023_2026_EXP_SUB2026000457', tenant: 'L02000023', managingUnit: 'L02000023',
      procedure: { code: '994471', name: 'Subvenciones para actividades culturales' },
      title: 'Solicitud de subvención para actividades culturales 2026, expediente SUB-2026/0457', state: 'in-progress',
      phase: 'Evaluación técnica de la solicitud por la comisión de valoración',
      dates: { startedAt: '2026-03-02T09:15:00+01:00', changedAt: '2026-05-20T12:40:00+02:00' },
      officeUrl: 'https://sede.example.es/carpeta/expedientes/ES_L02000023_2026_EXP_SUB2026000457', sequence: 4,
      interested: [
        { documentType: 'NIF', documentNumber: '99000003E', role: 'holder' },
        { documentType: 'CIF', documentNumber: 'B99000077', role: 'representative' },
      ],
    });
    expect(body).not.toHaveProperty('id');
  });

  it('names the role of a party that names none: holder', () => {
    const p = { ...example(), interested: [{ documentType: 'NIF' as const, documentNumber: '12345678Z' }] };
    expect(expedienteStatusToCarpeta.apply(push(p)).interested).toEqual([{ documentType: 'NIF', documentNumber: '12345678Z', role: 'holder' }]);
  });

  it('leaves out the phase and the pending action when there are none, and carries them when there are', () => {
    const bare = expedienteStatusToCarpeta.apply(push({ ...example(), phase: undefined }));
    expect(bare).not.toHaveProperty('phase');
    expect(bare).not.toHaveProperty('pendingAction');
    const pending = expedienteStatusToCarpeta.apply(push({ ...example(), state: 'pending-citizen-action', pendingAction: { description: 'Firmar', dueOn: '2026-06-10' } }));
    expect(pending).toMatchObject({ state: 'pending-citizen-action', pendingAction: { description: 'Firmar', dueOn: '2026-06-10' } });
  });

  it('carries only what the contract names, nothing else the payload may hold', () => {
    const p = { ...example(), internalNote: 'not for Carpeta' } as ExpedienteStatus;
    expect(JSON.stringify(expedienteStatusToCarpeta.apply(push(p)))).not.toContain('not for Carpeta');
  });

  it('is pure: the same message gives the same body on every attempt and is left as it was', () => {
    const m = deepFreeze(push(example()));
    expect(JSON.stringify(expedienteStatusToCarpeta.apply(m))).toBe(JSON.stringify(expedienteStatusToCarpeta.apply(m)));
  });
});
