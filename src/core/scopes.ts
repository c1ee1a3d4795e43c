/**
 * The scopes an API key can hold: one catalog. A key created without `--scopes` gets every scope
 * listed here at that moment, stored with the key: a later issue's new scope is never granted to
 * existing keys silently (keys made before scopes existed got the five below, migration 008).
 */
export const TENANT_SCOPES = [
  'registry:write', // POST /v1/registry-entries, /batch
  'messages:read', // GET /v1/messages/{id}
  'inbox:read', // GET /v1/inbox, /v1/inbox/{id}
  'inbox:write', // POST /v1/inbox/{id}/accept|reject|forward
  'sir:proxy', // CIR proxy mode: /sir/proxy/WS_SIR6_B and /sir/proxy/WS_SIR7
  'notifications:write', // POST /v1/notifications, /v1/notifications/{id}/cancel|extend
  'notifications:read', // GET /v1/notifications/{id}/envios/{identificador}/certificate
  'expedientes:write', // POST /v1/expedientes/{id}/status
] as const;

export type Scope = (typeof TENANT_SCOPES)[number];

export function isScope(value: string): value is Scope {
  return (TENANT_SCOPES as readonly string[]).includes(value);
}
