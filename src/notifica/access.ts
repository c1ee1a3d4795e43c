import type { Config } from '../config/types';
import { createSoapCaller, type SoapCaller } from '../connectors/notifica/client';
import { NOTIFICA_DEFAULTS, type NotificaConfig } from '../connectors/notifica/config';
import { readSecretRef, resolveApiKeys } from '../connectors/notifica/keys';
import { Errors, PasarelaError } from '../core/errors';
import { createEndpointSecurity } from '../wssec/endpoint';

/**
 * What pasarela's own calls to Notific@ need outside the route worker (cancel and extend from
 * intake, polling from workers): the SOAP caller, each tenant's API key, the settings. Built
 * once per process from `connectors.notifica`; secrets are read here, at start-up.
 */
export interface NotificaAccess {
  config: NotificaConfig;
  caller: SoapCaller;
  /** The tenant's API key; throws CONFIG_INVALID when it has none. */
  keyFor(tenant: string): string;
  /** The API key callbacks must carry, when configured. */
  callbackKey?: string;
  close(): void;
}

/** undefined when the configuration has no `connectors.notifica` block (Notific@ not in use). */
export function createNotificaAccess(config: Config): NotificaAccess | undefined {
  const c = config.connectors.notifica as unknown as NotificaConfig | undefined;
  if (!c) return undefined;
  const keys = resolveApiKeys(c, config.tenants);
  const security = createEndpointSecurity(c.wssec).security;
  const caller = createSoapCaller({ endpoint: c.endpoint, syncEndpoint: c.syncEndpoint, timeoutMs: c.timeoutMs ?? NOTIFICA_DEFAULTS.timeoutMs, security });
  let callbackKey: string | undefined;
  if (c.callback && (c.callback.apiKeyEnv || c.callback.apiKeyFile)) {
    const read = readSecretRef(c.callback, '/connectors/notifica/callback');
    if (typeof read !== 'string') throw new PasarelaError(Errors.CONFIG_INVALID, `Invalid configuration:\n  ${read.pointer}: ${read.message}`, { problems: [read] });
    callbackKey = read;
  }
  return {
    config: c, caller, callbackKey,
    keyFor(tenant) {
      const key = keys.get(tenant);
      if (key === undefined) throw new PasarelaError(Errors.CONFIG_INVALID, `No Notific@ API key is configured for tenant ${tenant}`);
      return key;
    },
    close: () => caller.close(),
  };
}
