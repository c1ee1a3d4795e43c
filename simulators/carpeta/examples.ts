import { randomUUID } from 'node:crypto';
import type { ExpedienteChange, ExpedienteState, Interested } from './change';

/**
 * A fictitious, valid expediente change, built independently of pasarela's transform, for the
 * simulator's own tests, the demo and chaos runs. The documents are test numbers (99000003E, …:
 * valid check letters, no real person).
 */
export interface ExampleChangeOptions {
  /** @defaultValue a fresh UUID */
  id?: string;
  /** @defaultValue 'ES_L02000023_2026_EXP_000123' */
  expediente?: string;
  /** @defaultValue 'L02000023' */
  tenant?: string;
  /** @defaultValue 1 */
  sequence?: number;
  /** @defaultValue 'in-progress' */
  state?: ExpedienteState;
  /** @defaultValue [{documentType: 'NIF', documentNumber: '99000003E', role: 'holder'}] */
  interested?: Interested[];
}

export const EXAMPLE_DOCUMENT = '99000003E';

export function exampleChange(o: ExampleChangeOptions = {}): ExpedienteChange {
  const tenant = o.tenant ?? 'L02000023';
  const state = o.state ?? 'in-progress';
  const expediente = o.expediente ?? `ES_${tenant}_2026_EXP_000123`;
  return {
    id: o.id ?? randomUUID(),
    expediente,
    tenant,
    managingUnit: tenant,
    procedure: { code: '994471', name: 'Licencia de obra menor' },
    title: 'Licencia de obra menor en calle Mayor 1',
    state,
    phase: 'Informe técnico',
    ...(state === 'pending-citizen-action' ? { pendingAction: { description: 'Aportar el presupuesto firmado', dueOn: '2026-03-20' } } : {}),
    dates: {
      startedAt: '2026-02-02T09:15:00+01:00',
      changedAt: '2026-02-28T12:00:00+01:00',
      ...(state === 'resolved' || state === 'closed' ? { resolvedAt: '2026-02-27T12:00:00+01:00' } : {}),
      ...(state === 'closed' ? { closedAt: '2026-02-28T12:00:00+01:00' } : {}),
    },
    officeUrl: `https://sede.example.es/expedientes/${expediente}`,
    sequence: o.sequence ?? 1,
    interested: o.interested ?? [{ documentType: 'NIF', documentNumber: EXAMPLE_DOCUMENT, role: 'holder' }],
  };
}
