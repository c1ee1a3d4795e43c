import type { Logger } from 'pino';
import type { TenantConfig } from '../config/types';
import type { Envelope, MessageType } from './envelope';

/**
 * Contracts of the pluggable kinds. Each kind has one shape here and one explicit registry
 * (`adapters/index.ts`, `transforms/index.ts`, `src/connectors/index.ts`). Adapters and
 * transforms are pure; connectors own outbound I/O.
 */

export interface PluginContext<C = unknown> {
  config: C;
  logger: Logger;
  /** The configured tenants, for connectors that deliver to the tenants themselves (webhooks). */
  tenants?: readonly TenantConfig[];
}

/** Inbound: a municipal format -> canonical messages. No I/O; intake owns the sockets. */
export interface Adapter<C = unknown> {
  readonly name: string;
  readonly version: string;
  /** Media types this adapter decodes, e.g. `application/json`. */
  readonly accepts: readonly string[];
  /** Canonical types it emits, e.g. `registry-entry`. */
  readonly produces: readonly MessageType[];
  readonly configSchema: object;
  /**
   * Decode one inbound body. Throws a non-retryable `PasarelaError` for malformed input;
   * the caller answers 4xx and publishes nothing.
   */
  decode(raw: unknown, meta: IntakeMeta, ctx: PluginContext<C>): DecodedMessage[];
}

export interface IntakeMeta {
  tenant: string;
  contentType: string;
  system: string;
}

/** What an adapter hands back: a typed payload, not yet wrapped in an envelope. */
export interface DecodedMessage {
  type: MessageType;
  schemaVersion: number;
  payload: unknown;
  occurredAt?: string;
}

/** Canonical message -> target payload. Pure and deterministic. */
export interface Transform<P = unknown, T = unknown> {
  readonly name: string;
  readonly from: MessageType;
  /** Payload kind it produces, matched against a connector's `accepts`. */
  readonly to: string;
  apply(message: Envelope<P>): T;
}

/** What a connector returns when the destination accepted the payload. */
export interface Receipt {
  /** The destination's own answer code (`00` for SIR). */
  code: string;
  description?: string;
  /** Business keys the destination returned or the delivery relied on. */
  keys?: Record<string, string>;
}

export interface DeliveryContext {
  signal: AbortSignal;
  attempt: number;
  /** Stable across retries of the same message: the message id. */
  idempotencyKey: string;
  route: string;
  logger: Logger;
}

/** Outbound: delivers target payloads to a State service. */
export interface Connector<C = unknown, T = unknown> {
  readonly name: string;
  /** Payload kinds it delivers (a transform's `to`). */
  readonly accepts: readonly string[];
  readonly configSchema: object;
  /** Build clients (WSDL, agents). No sending. */
  init(ctx: PluginContext<C>): Promise<void>;
  /**
   * Deliver one payload. Resolves with a receipt or throws a `PasarelaError` whose
   * `retryable` was decided here, at the edge, from the transport error, HTTP status or
   * the service's own code.
   */
  deliver(payload: T, ctx: DeliveryContext): Promise<Receipt>;
  /** Cheap reachability check for /readyz. */
  check?(): Promise<boolean>;
  /** Release sockets; idempotent. */
  close(): Promise<void>;
}

/** A route file (`routes/*.yaml`), validated against `schemas/config/route.schema.json`. */
export interface RouteDefinition {
  name: string;
  from: { type: MessageType };
  transform: string;
  to: { connector: string };
  retry: { attempts: number; initialDelayMs: number; maxDelayMs: number };
  /** Deliveries in flight per worker for this route (AMQP prefetch). */
  prefetch: number;
  onExhausted: 'park';
  /**
   * The destination's circuit breaker: after `failureThreshold` retryable failures in a row the
   * route stops consuming; `connector.check()` probes from `probeInitialMs`, doubling up to
   * `probeMaxMs`, and consumption resumes when it answers.
   */
  breaker: { failureThreshold: number; probeInitialMs: number; probeMaxMs: number };
  /** Most deliveries per second this route makes, per worker process; absent = unlimited. */
  rateLimit?: { perSecond: number; burst: number };
  /** Broker deliveries of one message before RabbitMQ dead-letters it (then it is parked). */
  deliveryLimit: number;
  /** The file it was read from, for error messages. */
  file: string;
}
