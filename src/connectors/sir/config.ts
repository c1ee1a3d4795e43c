import { Errors, PasarelaError } from '../../core/errors';
import { wssecEndpointSchema, type WssecEndpointConfig } from '../../wssec/config';

/** Configuration block `connectors.sir`. */
export interface SirConfig {
  /** WS_SIR6_B endpoint of the CIR node, e.g. `http://127.0.0.1:8091/CIR_P2P/services/WS_SIR6_B`. */
  endpoint: string;
  /** Milliseconds a delivery attempt may take in all before it counts as a time-out. */
  timeoutMs: number;
  /** WS-Security for this endpoint; absent = no signing, no response verification. */
  wssec?: WssecEndpointConfig;
  /** Milliseconds to wait for the destination's ACK (or ERROR) before sending the same fichero again. @defaultValue 86400000 (24 h) */
  ackTimeoutMs?: number;
  /** Re-sends for want of an ACK before the exchange is parked. @defaultValue 5 */
  maxResends?: number;
}

/** reference/sir-sicres3.md §8.4: SIGEM's defaults, 24 h and 5 re-sends. */
export const SIR_ACK_DEFAULTS = { ackTimeoutMs: 86_400_000, maxResends: 5 } as const;

/** JSON Schema of `SirConfig`. */
export const sirConfigSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['endpoint', 'timeoutMs'],
  properties: {
    endpoint: {
      type: 'string',
      pattern: '^https?://',
      description: 'WS_SIR6_B endpoint URL of the CIR node (http or https).',
    },
    timeoutMs: {
      type: 'integer',
      minimum: 1,
      maximum: 600000,
      description: 'Milliseconds a delivery attempt may take before it is abandoned as a time-out.',
    },
    wssec: wssecEndpointSchema,
    ackTimeoutMs: {
      type: 'integer',
      minimum: 1000,
      maximum: 2592000000,
      description: 'Milliseconds to wait for the ACK of a sent fichero before sending it again (default 24 h).',
    },
    maxResends: {
      type: 'integer',
      minimum: 0,
      maximum: 100,
      description: 'Times the same fichero is sent again for want of an ACK before the exchange is parked (default 5).',
    },
  },
} as const;

/** Guard for callers that skipped schema validation: fail at init, not at the first delivery. */
export function assertSirConfig(config: SirConfig | undefined): SirConfig {
  const problems: string[] = [];
  let url: URL | undefined;
  try {
    url = new URL(config?.endpoint ?? '');
  } catch {
    problems.push('endpoint is not a URL');
  }
  if (url && url.protocol !== 'http:' && url.protocol !== 'https:') problems.push('endpoint must be http or https');
  const t = config?.timeoutMs;
  if (typeof t !== 'number' || !Number.isInteger(t) || t < 1) problems.push('timeoutMs must be a positive integer');
  if (problems.length > 0) {
    throw new PasarelaError(Errors.CONFIG_INVALID, `connectors.sir: ${problems.join('; ')}`, {
      problems: problems.map((message) => ({ pointer: '/connectors/sir', code: 'invalid', message })),
    });
  }
  return config as SirConfig;
}
