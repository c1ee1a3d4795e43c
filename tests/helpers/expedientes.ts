import { readFileSync } from 'node:fs';
import { projectPath } from '../../src/core/paths';
import type { ExpedienteStatus } from '../../src/core/expediente';
import type { TestStack } from './stack';

/** The canonical example (schemas/canonical/examples/expediente-status.json), a fresh copy each call. */
export function exampleExpediente(): ExpedienteStatus {
  return JSON.parse(readFileSync(projectPath('schemas', 'canonical', 'examples', 'expediente-status.json'), 'utf8')) as ExpedienteStatus;
}

/** The example for another expediente of `unit` (its ENI id and managing unit), at `sequence`, in `state`. */
export function expediente(unit: string, local: string, sequence: number, state: ExpedienteStatus['state'] = 'in-progress', changedAt = '2026-05-20T12:40:00+02:00'): ExpedienteStatus {
  const e = exampleExpediente();
  e.expediente = `ES_${unit}_2026_EXP_${local}`;
  e.managingUnit = unit;
  e.sequence = sequence;
  e.state = state;
  e.dates = { startedAt: e.dates.startedAt, changedAt };
  if (state === 'resolved') e.dates.resolvedAt = changedAt;
  if (state === 'closed') e.dates.closedAt = changedAt;
  e.officeUrl = `https://sede.example.es/expedientes/${e.expediente}`;
  return e;
}

export async function postStatus(stack: TestStack, body: ExpedienteStatus | string, opts: { key?: string; id?: string; headers?: Record<string, string> } = {}) {
  const id = opts.id ?? (typeof body === 'string' ? 'ES_L02000023_2026_EXP_X' : body.expediente);
  const res = await fetch(`${stack.url}/v1/expedientes/${encodeURIComponent(id)}/status`, {
    method: 'POST', headers: { authorization: `Bearer ${opts.key ?? stack.key}`, 'content-type': 'application/json', ...opts.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, contentType: res.headers.get('content-type'), headers: res.headers, body: (await res.json()) as any };
}

/** Carpeta's pull query for a citizen, with the stack's client token unless told otherwise. */
export async function pull(stack: TestStack, document: string | undefined, path = '', opts: { token?: string | null; query?: string } = {}) {
  const headers: Record<string, string> = {};
  const token = opts.token === undefined ? stack.carpetaToken : opts.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (document !== undefined) headers['carpeta-ciudadano'] = document;
  const res = await fetch(`${stack.url}/carpeta/v1/expedientes${path}${opts.query ? `?${opts.query}` : ''}`, { headers });
  return { status: res.status, contentType: res.headers.get('content-type'), body: (await res.json()) as any };
}
