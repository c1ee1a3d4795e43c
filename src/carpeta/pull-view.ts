import { EXPEDIENTE_STATE_LABELS, type ExpedienteState } from '../core/expediente';
import type { ExpedienteHistoryRow, ExpedienteRow } from '../journal/expedientes';

/**
 * What the pull API answers (docs/carpeta.md): the shape Carpeta-like portals use (reference
 * notifica-carpeta.md §3.2, a proposal, NOT OFFICIAL), Spanish field names, the state both as
 * the portal's text and as our code. Never the other interested parties.
 */
export function expedienteItem(e: ExpedienteRow) {
  return {
    identificador: e.expediente,
    denominacion: e.title,
    codigoSIA: e.procedure.code,
    procedimiento: e.procedure.name,
    unidadTramitadoraDIR3: e.managingUnit,
    organismo: e.tenant,
    fechaInicio: e.startedAt,
    fechaUltimaActualizacion: e.changedAt,
    estado: EXPEDIENTE_STATE_LABELS[e.state as ExpedienteState] ?? e.state,
    estadoCodigo: e.state,
    fase: e.phase,
    accionPendiente: e.pendingAction && { descripcion: e.pendingAction.description, fechaLimite: e.pendingAction.dueOn ?? null },
    fechaResolucion: e.resolvedAt,
    fechaCierre: e.closedAt,
    url: e.officeUrl,
  };
}

/**
 * One expediente with the changes the projection took, by sequence (ignored late updates are not
 * the citizen's story; arrival order may differ by a millisecond between processes).
 */
export function expedienteDetail(e: ExpedienteRow, history: ExpedienteHistoryRow[]) {
  return {
    ...expedienteItem(e),
    historial: history.filter((h) => h.outcome === 'applied').sort((a, b) => a.sequence - b.sequence).map((h) => ({
      estado: EXPEDIENTE_STATE_LABELS[h.state as ExpedienteState] ?? h.state, estadoCodigo: h.state, fase: h.phase, fecha: h.changedAt, secuencia: h.sequence,
    })),
  };
}
