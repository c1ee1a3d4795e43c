/** The configuration, as validated by schemas/config/config.schema.json. */
export interface TenantConfig {
  code: string;
  name: string;
  offices: string[];
  units?: string[];
  /** Signed event notifications to the tenant (docs/webhooks.md). */
  webhook?: TenantWebhookConfig;
  /** CIR proxy mode: the tenant's registry application speaks SIR to pasarela (docs/sir-proxy.md). */
  sirProxy?: TenantSirProxyConfig;
}

export interface TenantWebhookConfig {
  url: string;
  /** Environment variable holding the HMAC secret (one of secretEnv / secretFile). */
  secretEnv?: string;
  secretFile?: string;
  /** Event names to send; all when absent. */
  events?: string[];
}

export interface TenantSirProxyConfig {
  /** The application's WS_SIR8_B endpoint: ficheros SIR brings for the tenant's offices. */
  ws8bUrl: string;
  /** The application's WS_SIR9 endpoint: control messages SIR brings for the tenant's offices. */
  ws9Url: string;
  timeoutMs?: number;
}

export interface Config {
  http: { host: string; port: number; bodyLimitBytes: number };
  amqp: { url: string; exchange: string; queuePrefix: string; initialMaxRetries?: number; confirmTimeoutMs?: number };
  journal: { url: string };
  log: { level: string };
  /** Relative paths are resolved from the project root. */
  routesDir: string;
  tenants: TenantConfig[];
  connectors: Record<string, Record<string, unknown>>;
  simulators?: { sir?: { port?: number } };
  /** Annex limits at intake and on reception from SIR; absent fields take SIR's defaults. */
  annexes?: { maxCount?: number; maxBytesEach?: number; maxBytesTotal?: number };
  /** Intake limits (issue 6): per-key request rate default and batch rules. */
  intake?: {
    rateLimit?: { perSecond: number; burst: number };
    batch?: { maxItems?: number; atomic?: boolean };
  };
  /** Each adapter's own settings, by adapter name, validated against its configSchema. */
  adapters?: Record<string, Record<string, unknown>>;
  /** The DIR3 directory the SIR reception rules ask (src/sir/directory.ts); without it any well-formed code exists. */
  dir3?: { file: string };
}
