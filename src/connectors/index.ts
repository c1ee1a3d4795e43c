import type { Connector } from '../core/plugin';
import { createSirConnector } from './sir';

/** Explicit registry of outbound connectors: name -> factory (cheap; no I/O until `init`). One line each. */
export const connectorFactories: Record<string, () => Connector<any, any>> = {
  sir: createSirConnector,
};
