import type { Scope } from '../core/scopes';

/**
 * The scope each tenant endpoint requires, by method and route pattern: one table, so a
 * reviewer sees every grant at once. An endpoint missing here is refused to every key (403).
 */
export const ROUTE_SCOPES: Readonly<Record<string, Scope>> = {
  'POST /v1/registry-entries': 'registry:write',
  'POST /v1/registry-entries/batch': 'registry:write',
  'GET /v1/messages/:id': 'messages:read',
  'GET /v1/inbox': 'inbox:read',
  'GET /v1/inbox/:id': 'inbox:read',
  'POST /v1/inbox/:id/accept': 'inbox:write',
  'POST /v1/inbox/:id/reject': 'inbox:write',
  'POST /v1/inbox/:id/forward': 'inbox:write',
  'POST /v1/notifications': 'notifications:write',
  'POST /v1/notifications/:id/cancel': 'notifications:write',
  'POST /v1/notifications/:id/extend': 'notifications:write',
  'GET /v1/notifications/:id/envios/:identificador/certificate': 'notifications:read',
  'POST /v1/expedientes/:id/status': 'expedientes:write',
};

export function scopeOf(method: string, url: string | undefined): Scope | undefined {
  return url === undefined ? undefined : ROUTE_SCOPES[`${method} ${url}`];
}
