import { wssecEndpointSchema, type WssecEndpointConfig } from '../../wssec/config';

/** Configuration block `connectors.notifica` (docs/notifica.md). */
export interface NotificaConfig {
  /** NotificaWsV21 endpoint (altaRemesaEnvios). */
  endpoint: string;
  /** SincronizarEnvioWs endpoint (infoEnvioLigero, sincronizarEnvioOE, ampliarPlazoOE). */
  syncEndpoint: string;
  timeoutMs?: number;
  /** The API key of tenants without one of their own: an environment variable, or a file. */
  apiKeyEnv?: string;
  apiKeyFile?: string;
  /** altaRemesaEnvios answer codes worth retrying (no public list exists: none by default). */
  retryableCodes?: string[];
  /** infoEnvioLigero answer codes that mean "no such envío" (default the simulator's 404); any other non-000 is an error. */
  notFoundCodes?: string[];
  /** WS-Security on our requests; off by default (Notific@ v2 authenticates by API key). */
  wssec?: WssecEndpointConfig;
  /** Fallback for lost callbacks: ask Notific@ (infoEnvioLigero) about envíos that have not moved. */
  polling?: { quietAfterMs?: number; intervalMs?: number; batch?: number };
  /** Our AdviserWsV2 endpoint: when set, callbacks must carry this API key in an `apiKey` SOAP header. */
  callback?: { apiKeyEnv?: string; apiKeyFile?: string };
  /** How long a callback for an identificador we do not know yet is held. */
  earlyHoldMs?: number;
}

export const NOTIFICA_DEFAULTS = {
  timeoutMs: 30_000,
  quietAfterMs: 3_600_000,
  intervalMs: 60_000,
  batch: 50,
  earlyHoldMs: 86_400_000,
} as const;

const secretRef = {
  apiKeyEnv: { type: 'string', pattern: '^[A-Z_][A-Z0-9_]*$', description: 'Environment variable holding the API key.' },
  apiKeyFile: { type: 'string', minLength: 1, description: 'File holding the API key (one line), relative to the project root.' },
} as const;

const ms = (description: string, min = 1) => ({ type: 'integer', minimum: min, maximum: 2_592_000_000, description }) as const;

export const notificaConfigSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['endpoint', 'syncEndpoint'],
  properties: {
    endpoint: { type: 'string', pattern: '^https?://', description: 'NotificaWsV21 endpoint (altaRemesaEnvios).' },
    syncEndpoint: { type: 'string', pattern: '^https?://', description: 'SincronizarEnvioWs endpoint (infoEnvioLigero, sincronizarEnvioOE, ampliarPlazoOE).' },
    timeoutMs: { type: 'integer', minimum: 1, maximum: 600000, description: 'Milliseconds a call may take (default 30000).' },
    ...secretRef,
    retryableCodes: { type: 'array', items: { type: 'string', pattern: '^[0-9A-Za-z]{1,10}$' }, uniqueItems: true, description: 'altaRemesaEnvios codes to retry.' },
    notFoundCodes: { type: 'array', items: { type: 'string', pattern: '^[0-9A-Za-z]{1,10}$' }, uniqueItems: true, minItems: 1, description: 'infoEnvioLigero codes that mean no such envío (default ["404"]).' },
    wssec: wssecEndpointSchema,
    polling: {
      type: 'object', additionalProperties: false,
      properties: {
        quietAfterMs: ms('Poll an open envío whose state has not moved for this long (default 3600000).', 1000),
        intervalMs: ms('How often the poller looks for quiet envíos (default 60000).', 100),
        batch: { type: 'integer', minimum: 1, maximum: 1000, description: 'Envíos asked about per pass (default 50).' },
      },
    },
    callback: { type: 'object', additionalProperties: false, properties: { ...secretRef } },
    earlyHoldMs: ms('How long a callback for an unknown identificador is held (default 86400000).', 1000),
  },
} as const;
