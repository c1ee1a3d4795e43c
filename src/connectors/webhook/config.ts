import { Errors, PasarelaError } from '../../core/errors';

/** Configuration block `connectors.webhook` (optional: every field has a default). */
export interface WebhookConnectorConfig {
  /** Milliseconds one POST may take in all (connect, send, answer) before it counts as a time-out. @defaultValue 10000 */
  timeoutMs?: number;
}

export const WEBHOOK_DEFAULT_TIMEOUT_MS = 10_000;

/** JSON Schema of `WebhookConnectorConfig`. Tenants' URLs and secrets live in `tenants[].webhook`. */
export const webhookConfigSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    timeoutMs: {
      type: 'integer',
      minimum: 1,
      maximum: 600000,
      description: "Milliseconds a POST to a tenant's webhook may take before it is abandoned as a time-out (default 10000).",
    },
  },
} as const;

/** Guard for callers that skipped schema validation; returns the settings with defaults applied. */
export function assertWebhookConnectorConfig(config: WebhookConnectorConfig | undefined): Required<WebhookConnectorConfig> {
  const t = config?.timeoutMs ?? WEBHOOK_DEFAULT_TIMEOUT_MS;
  if (typeof t !== 'number' || !Number.isInteger(t) || t < 1 || t > 600000) {
    throw new PasarelaError(Errors.CONFIG_INVALID, 'connectors.webhook: timeoutMs must be a whole number of milliseconds from 1 to 600000', {
      problems: [{ pointer: '/connectors/webhook/timeoutMs', code: 'invalid', message: 'must be an integer from 1 to 600000' }],
    });
  }
  return { timeoutMs: t };
}
