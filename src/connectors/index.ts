import type { Connector } from '../core/plugin';
import { createSirConnector } from './sir';
import { createSirAppConnector } from './sir-app';
import { createSirControlConnector } from './sir-control';
import { createWebhookConnector } from './webhook';
import { createNotificaConnector } from './notifica';
import { createCarpetaConnector } from './carpeta';
import { createCarpetaProjectionConnector } from './carpeta-projection';

/** Explicit registry of outbound connectors: name -> factory (cheap; no I/O until `init`). One line each. */
export const connectorFactories: Record<string, () => Connector<any, any>> = {
  sir: createSirConnector,
  'sir-control': createSirControlConnector,
  'sir-app': createSirAppConnector,
  webhook: () => createWebhookConnector(),
  notifica: createNotificaConnector,
  carpeta: () => createCarpetaConnector(),
  'carpeta-projection': createCarpetaProjectionConnector,
};

/**
 * A connector whose own block is absent gets this connector's block instead: `sir-control` talks
 * to the same CIR node as `sir` (its WS_SIR7 beside WS_SIR6_B), with the same signing.
 */
export const CONNECTOR_CONFIG_FALLBACK: Readonly<Record<string, string>> = { 'sir-control': 'sir' };
