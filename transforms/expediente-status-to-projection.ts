import { documentKeyOf } from '../src/carpeta/document-key';
import type { Envelope } from '../src/core/envelope';
import { roleOf, type ExpedienteStatus } from '../src/core/expediente';
import type { Transform } from '../src/core/plugin';
import type { ExpedienteUpdate } from '../src/journal/expedientes';

/** `expediente-status` -> the projection's update (src/journal/expedientes.ts). Pure: parties become document keys. */
export const expedienteStatusToProjection: Transform<ExpedienteStatus, ExpedienteUpdate> = {
  name: 'expediente-status-to-projection',
  from: 'expediente-status',
  to: 'expediente-projection',
  apply(message: Envelope<ExpedienteStatus>): ExpedienteUpdate {
    const p = message.payload;
    return {
      messageId: message.id, tenant: message.tenant, expediente: p.expediente, managingUnit: p.managingUnit,
      procedure: { code: p.procedure.code, name: p.procedure.name }, title: p.title, state: p.state, phase: p.phase ?? null,
      pendingAction: p.pendingAction ?? null, startedAt: p.dates.startedAt, changedAt: p.dates.changedAt,
      resolvedAt: p.dates.resolvedAt ?? null, closedAt: p.dates.closedAt ?? null, officeUrl: p.officeUrl, sequence: p.sequence,
      parties: p.interested.map((i) => ({ documentKey: documentKeyOf(i.documentNumber), role: roleOf(i) })),
    };
  },
};
