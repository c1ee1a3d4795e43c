import type { TenantConfig } from '../../config/types';
import type { ControlMessage } from '../control-message';
import type { ParsedFichero } from '../fichero';
import type { ControlAnswer } from './control-received';

/**
 * CIR proxy mode (docs/sir-proxy.md): what SIR brings for the offices of a tenant whose own
 * registry application speaks SIR is relayed to that application, not kept in the inbox.
 * Each relay answers the CIR (`RespuestaWS`) only once the relay is durable.
 */
export interface SirProxyRelay {
  relayFichero(tenant: TenantConfig, registro: string, parsed: ParsedFichero): Promise<ControlAnswer>;
  relayControl(tenant: TenantConfig, mensaje: string, message: ControlMessage): Promise<ControlAnswer>;
}

/** A notice for a tenant's webhook (docs/webhooks.md). */
export interface TenantEvent {
  tenant: string;
  /** e.g. `inbox.entry-received`. */
  event: string;
  /** The message the event is about. */
  messageId: string;
  /** Small, non-personal facts (ids, states); never the entry itself. */
  data?: Record<string, unknown>;
}

export interface TenantEvents {
  /** Queue the notice durably; resolves once it is in the journal. Never throws for a tenant without a webhook. */
  publish(e: TenantEvent): Promise<void>;
}

/** The tenant in proxy mode that owns `office`, if any. */
export function proxiedTenant(tenants: readonly TenantConfig[], office: string | undefined): TenantConfig | undefined {
  return office === undefined ? undefined : tenants.find((t) => t.sirProxy !== undefined && t.offices.includes(office));
}
