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
  /** Client certificates that act for the tenant on a mutual-TLS listener (docs/mtls.md). */
  clientCertificates?: ClientCertificateConfig[];
  /** The tenant's own Notific@ API key, by reference (absent: connectors.notifica's; docs/notifica.md). */
  notifica?: { apiKeyEnv?: string; apiKeyFile?: string };
}

/** A client certificate mapped to its tenant; it must chain to `http.tls.clientCaFile`. */
export interface ClientCertificateConfig {
  /** RFC 4514 distinguished name ("CN=…,O=…,C=ES"), matched as a set of attribute=value pairs, in any order. */
  subject: string;
  /** SHA-256 fingerprint ("AB:CD:…", any case) the certificate must also have; absent = any with this subject. */
  fingerprint256?: string;
  /** Scopes (src/intake/scopes.ts). @defaultValue every scope */
  scopes?: string[];
  /** Offices / units it may act for. @defaultValue every one of the tenant's */
  offices?: string[];
  units?: string[];
}

/** The intake listener's TLS (docs/mtls.md); paths are PEM files, relative ones from the project root. */
export interface HttpTlsConfig {
  certFile: string;
  /** Unencrypted PEM private key of certFile. */
  keyFile: string;
  /** CA(s) of client certificates: with it the server asks for one (optional: API keys still work). */
  clientCaFile?: string;
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
  /** `tls` absent: plain HTTP. */
  http: { host: string; port: number; bodyLimitBytes: number; tls?: HttpTlsConfig };
  amqp: { url: string; exchange: string; queuePrefix: string; initialMaxRetries?: number; confirmTimeoutMs?: number };
  journal: { url: string };
  log: { level: string };
  /** Relative paths are resolved from the project root. */
  routesDir: string;
  tenants: TenantConfig[];
  connectors: Record<string, Record<string, unknown>>;
  simulators?: { sir?: { port?: number }; notifica?: { port?: number }; carpeta?: { port?: number } };
  /** Annex limits at intake and on reception from SIR; absent fields take SIR's defaults. */
  annexes?: { maxCount?: number; maxBytesEach?: number; maxBytesTotal?: number };
  /** Intake limits (issue 6): per-key request rate default and batch rules. */
  intake?: {
    rateLimit?: { perSecond: number; burst: number };
    batch?: { maxItems?: number; atomic?: boolean };
  };
  /** The operators' API (issue 7, docs/operators.md): how bulk replays are worked through. */
  admin?: {
    /** A listener of its own for /admin/v1 (absent: served on intake's, `http`). */
    http?: { host: string; port: number };
    replays?: { slots?: number; leaseMs?: number; batch?: number; pollMs?: number };
  };
  /** Carpeta Ciudadana (issue 9, docs/carpeta.md): who may query the projection (pull). */
  carpeta?: { pull?: { clients?: Array<{ name: string; tokenEnv?: string; tokenFile?: string }> } };
  /** Each adapter's own settings, by adapter name, validated against its configSchema. */
  adapters?: Record<string, Record<string, unknown>>;
  /** The DIR3 directory the SIR reception rules ask (src/sir/directory.ts); without it any well-formed code exists. */
  dir3?: { file: string };
}
