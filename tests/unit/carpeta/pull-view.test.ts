import { expedienteDetail, expedienteItem } from '../../../src/carpeta/pull-view';
import type { ExpedienteHistoryRow, ExpedienteRow } from '../../../src/journal/expedientes';

const ROW: ExpedienteRow = {
  expediente: 'ES_L02000023_2026_EXP_SUB2026000457', tenant: 'L02000023', managingUnit: 'LA0000001',
  procedure: { code: '994471', name: 'Subvenciones para actividades culturales' }, title: 'Solicitud de subvención',
  state: 'pending-citizen-action', phase: 'Subsanación', pendingAction: { description: 'Aportar el presupuesto', dueOn: '2026-06-10' },
  startedAt: '2026-03-02T09:15:00+01:00', changedAt: '2026-05-20T12:40:00+02:00', resolvedAt: null, closedAt: null,
  officeUrl: 'https://sede.example.es/carpeta/expedientes/ES_L02000023_2026_EXP_SUB2026000457', sequence: 4,
  messageId: 'm-4', createdAt: '2026-03-02T08:15:00.000Z', updatedAt: '2026-05-20T10:40:01.000Z',
};

const history = (sequence: number, state: string, outcome: ExpedienteHistoryRow['outcome']): ExpedienteHistoryRow => ({
  sequence, state, phase: `Fase ${sequence}`, changedAt: `2026-05-0${sequence}T10:00:00Z`, messageId: `m-${sequence}`, outcome, recordedAt: '2026-05-20T10:40:01.000Z',
});

describe('the pull API view of an expediente', () => {
  it('answers in the portal\'s Spanish fields, the state both as text and as our code', () => {
    expect(expedienteItem(ROW)).toEqual({
      identificador: 'ES_L02000023_2026_EXP_SUB2026000457',
      denominacion: 'Solicitud de subvención',
      codigoSIA: '994471',
      procedimiento: 'Subvenciones para actividades culturales',
      unidadTramitadoraDIR3: 'LA0000001',
      organismo: 'L02000023',
      fechaInicio: '2026-03-02T09:15:00+01:00',
      fechaUltimaActualizacion: '2026-05-20T12:40:00+02:00',
      estado: 'Pendiente de actuación del interesado',
      estadoCodigo: 'pending-citizen-action',
      fase: 'Subsanación',
      accionPendiente: { descripcion: 'Aportar el presupuesto', fechaLimite: '2026-06-10' },
      fechaResolucion: null,
      fechaCierre: null,
      url: 'https://sede.example.es/carpeta/expedientes/ES_L02000023_2026_EXP_SUB2026000457',
    });
  });

  it.each([
    ['started', 'Iniciado'],
    ['in-progress', 'En tramitación'],
    ['resolved', 'Resuelto'],
    ['closed', 'Cerrado'],
  ])('reads the state %s as %s', (state, label) => {
    expect(expedienteItem({ ...ROW, state })).toMatchObject({ estado: label, estadoCodigo: state });
  });

  it('shows a state it has no text for as its code', () => {
    expect(expedienteItem({ ...ROW, state: 'archived' })).toMatchObject({ estado: 'archived', estadoCodigo: 'archived' });
  });

  it('gives a pending action without a due date a null fechaLimite, and no pending action as null', () => {
    expect(expedienteItem({ ...ROW, pendingAction: { description: 'Firmar' } }).accionPendiente).toEqual({ descripcion: 'Firmar', fechaLimite: null });
    expect(expedienteItem({ ...ROW, pendingAction: null }).accionPendiente).toBeNull();
  });

  it('carries the resolution and closing dates', () => {
    expect(expedienteItem({ ...ROW, state: 'closed', resolvedAt: '2026-06-01T10:00:00Z', closedAt: '2026-06-02T10:00:00Z' }))
      .toMatchObject({ fechaResolucion: '2026-06-01T10:00:00Z', fechaCierre: '2026-06-02T10:00:00Z' });
  });

  it('shows nothing of the projection\'s bookkeeping', () => {
    const shown = JSON.stringify(expedienteItem(ROW));
    for (const hidden of ['m-4', ROW.createdAt, ROW.updatedAt]) expect(shown).not.toContain(hidden);
  });

  it('details an expediente with the changes the projection took, oldest first, not the ignored ones', () => {
    const detail = expedienteDetail(ROW, [history(1, 'started', 'applied'), history(3, 'in-progress', 'applied'), history(2, 'started', 'stale'), history(3, 'closed', 'duplicate'), history(4, 'pending-citizen-action', 'applied')]);
    expect(detail).toMatchObject(expedienteItem(ROW));
    expect(detail.historial).toEqual([
      { estado: 'Iniciado', estadoCodigo: 'started', fase: 'Fase 1', fecha: '2026-05-01T10:00:00Z', secuencia: 1 },
      { estado: 'En tramitación', estadoCodigo: 'in-progress', fase: 'Fase 3', fecha: '2026-05-03T10:00:00Z', secuencia: 3 },
      { estado: 'Pendiente de actuación del interesado', estadoCodigo: 'pending-citizen-action', fase: 'Fase 4', fecha: '2026-05-04T10:00:00Z', secuencia: 4 },
    ]);
  });
});
