import type { Envelope } from '../src/core/envelope';
import { roleOf, type ExpedienteStatus } from '../src/core/expediente';
import type { Transform } from '../src/core/plugin';
import type { CarpetaPushBody } from '../src/connectors/carpeta';

/**
 * A `carpeta-push` message (an expediente-status payload the projection took) -> the JSON body
 * POSTed to Carpeta (docs/carpeta.md, our contract). Pure; the connector adds the delivery id.
 */
export const expedienteStatusToCarpeta: Transform<ExpedienteStatus, CarpetaPushBody> = {
  name: 'expediente-status-to-carpeta',
  from: 'carpeta-push',
  to: 'carpeta-push',
  apply(message: Envelope<ExpedienteStatus>): CarpetaPushBody {
    const p = message.payload;
    return {
      expediente: p.expediente, tenant: message.tenant, managingUnit: p.managingUnit, procedure: { code: p.procedure.code, name: p.procedure.name },
      title: p.title, state: p.state, ...(p.phase !== undefined && { phase: p.phase }), ...(p.pendingAction && { pendingAction: p.pendingAction }),
      dates: p.dates, officeUrl: p.officeUrl, sequence: p.sequence,
      interested: p.interested.map((i) => ({ documentType: i.documentType, documentNumber: i.documentNumber, role: roleOf(i) })),
    };
  },
};
