/** The configuration, as validated by schemas/config/config.schema.json. */
export interface TenantConfig {
  code: string;
  name: string;
  offices: string[];
  units?: string[];
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
}
