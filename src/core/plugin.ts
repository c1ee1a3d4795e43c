import type { Logger } from 'pino';
import type { TenantConfig } from '../config/types';
import type { Envelope, MessageType } from './envelope';
import type { FieldProblem } from './errors';
import type { Journal } from '../journal/journal';

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
  /** The journal, for connectors whose destination is a projection kept in it (Carpeta's expedientes). */
  journal?: Journal;
}

/**
 * Inbound: a municipal format -> canonical messages. Pure: no I/O, no clock, no randomness, so
 * the same bytes always decode to the same messages (the conformance suite checks it). Intake
 * owns sockets, authentication, schema validation and publishing; an adapter only maps.
 */
export interface Adapter<C = unknown> {
  /** kebab-case, unique, stable: it appears in `?format=`, in envelopes (`source.adapter`) and logs. */
  readonly name: string;
  /** Version of the mapping (semver), bumped when the output changes for the same input. */
  readonly version: string;
  /** Media types this adapter decodes, lower case, without parameters, e.g. `text/csv`. */
  readonly accepts: readonly string[];
  /** Canonical types it emits, e.g. `registry-entry`. */
  readonly produces: readonly MessageType[];
  /**
   * JSON Schema of this adapter's block under `adapters.<name>` in the configuration, validated
   * at start-up; the validated block (`{}` when absent) reaches `decode` as `ctx.config`.
   */
  readonly configSchema: object;
  /**
   * Decode one inbound body, the raw bytes as received. Input that cannot be read at all
   * (encoding, syntax, limits) throws a non-retryable `PasarelaError` from the catalog; the
   * caller answers 4xx and publishes nothing. In a batch, an item that can be read but not
   * mapped is returned with `problems` (and reported at its `ref`) instead of failing the rest.
   * Never throws anything but a `PasarelaError`.
   */
  decode(raw: Buffer, meta: IntakeMeta, ctx: PluginContext<C>): DecodedMessage[];
}

export interface IntakeMeta {
  /** DIR3 code of the authenticated tenant. */
  tenant: string;
  /** The request's `Content-Type` header as sent, parameters included (`text/csv; charset=windows-1252`). */
  contentType: string;
  /** Its media type, lower case, without parameters. */
  mediaType: string;
  /** Its `charset` parameter, lower case, when present. */
  charset?: string;
  /** The name of the API key (the sending system). */
  system: string;
  /** True on `POST /v1/registry-entries/batch`: the body may hold many items. */
  batch: boolean;
}

/** Where an item sits in the body, for per-item answers: a CSV line or a JSON array index. */
export interface ItemRef {
  /** 1-based line of the source file where the item starts (CSV: the header is line 1). */
  line?: number;
  /** 0-based position in a JSON array. */
  index?: number;
}

/** What an adapter hands back: a typed payload, not yet wrapped in an envelope. */
export interface DecodedMessage {
  type: MessageType;
  schemaVersion: number;
  payload: unknown;
  occurredAt?: string;
  ref?: ItemRef;
  /**
   * Set (non-empty) when this item could be read but not mapped (a batch row with a bad cell):
   * the payload is then meaningless, the item is refused at its `ref` and never published.
   */
  problems?: FieldProblem[];
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
  /**
   * Items the destination created for this delivery and reports on later (Notific@'s envíos, one
   * per recipient): recorded by the route worker before the message is `delivered`.
   */
  tracked?: { service: 'notifica'; organismo: string; items: Array<{ id: string; index: number; reference: string }> };
}

export interface DeliveryContext {
  signal: AbortSignal;
  attempt: number;
  /**
   * Stable across retries of the same message and across an operator's replays of it: the
   * message id, or for a replay the id of the first message replayed.
   */
  idempotencyKey: string;
  route: string;
  logger: Logger;
  /** The message being delivered and its tenant (a connector with per-tenant credentials needs them). */
  messageId?: string;
  tenant?: string;
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
