import { Errors, PasarelaError } from '../../core/errors';
import { wssecProperties, wssecVerifyNeedsTrustRule, type WssecEndpointConfig } from '../../wssec/config';

/**
 * WS_SIR6_B body style: `literal` as the Ministry's WSDL declares (the default), or `encoded`
 * (rpc/encoded) as the SIGEM and regweb3 WSDLs declare (reference/sir-sicres3.md §6).
 */
export type SirStyle = 'literal' | 'encoded';

/**
 * `connectors.sir.wssec`: the generic per-endpoint settings, except that `sign` may be left out
 * and then means `true` (see ./security.ts for what signing needs).
 */
export type SirWssecConfig = Omit<WssecEndpointConfig, 'sign'> & { sign?: boolean };

/** Configuration block `connectors.sir`. */
export interface SirConfig {
  /** WS_SIR6_B endpoint of the CIR node, e.g. `http://127.0.0.1:8091/CIR_P2P/services/WS_SIR6_B`. */
  endpoint: string;
  /** Milliseconds a delivery attempt may take in all before it counts as a time-out. */
  timeoutMs: number;
  /** WS_SIR6_B body style. @defaultValue 'literal' */
  style?: SirStyle;
  /** WS-Security for this endpoint. Requests are signed unless `sign: false`; absent = `{ sign: true }`. */
  wssec?: SirWssecConfig;
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
    style: {
      enum: ['literal', 'encoded'],
      description: "WS_SIR6_B body style: 'literal' (the Ministry's WSDL, default) or 'encoded' (rpc/encoded, as SIGEM/regweb3 declare).",
    },
    wssec: {
      type: 'object',
      additionalProperties: false,
      description: 'WS-Security of this endpoint. Requests are signed unless sign is false; signing needs keyFile and certFile, or p12File.',
      properties: wssecProperties,
      // The key requirement is checked at init (./security.ts), with a message that says what to set.
      allOf: [wssecVerifyNeedsTrustRule],
    },
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
  const style = config?.style;
  if (style !== undefined && style !== 'literal' && style !== 'encoded') problems.push("style must be 'literal' or 'encoded'");
  if (problems.length > 0) {
    throw new PasarelaError(Errors.CONFIG_INVALID, `connectors.sir: ${problems.join('; ')}`, {
      problems: problems.map((message) => ({ pointer: '/connectors/sir', code: 'invalid', message })),
    });
  }
  return config as SirConfig;
}
