import { webhookSignature, WebhookHeaders } from '../../src/connectors/webhook/sign';
import { PUSH_EVENT } from './push';

/**
 * Signed pushes built the way pasarela's webhook scheme says (src/connectors/webhook/sign.ts),
 * independently of pasarela's Carpeta connector: for the simulator's own tests, the demo and
 * chaos runs. Each knob breaks one part of the contract on purpose.
 */
export interface PushOptions {
  secret: string;
  /** Unix seconds. @defaultValue now */
  timestamp?: number;
  /** `Pasarela-Event`. @defaultValue 'expediente.status-changed' */
  event?: string;
  /** `Pasarela-Delivery`. @defaultValue the body's `id` */
  deliveryId?: string;
  /** Replaces the computed `Pasarela-Signature`; null leaves the header out. */
  signature?: string | null;
  /** More headers, or overrides (`content-type`…). */
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface PushAnswer {
  status: number;
  /** The parsed JSON answer, or its text. */
  body: unknown;
}

function rawOf(body: unknown): string {
  return typeof body === 'string' ? body : JSON.stringify(body);
}

/** The headers pasarela sends with `raw`. */
export function pushHeaders(raw: string | Buffer, o: PushOptions, bodyId?: unknown): Record<string, string> {
  const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    [WebhookHeaders.event]: o.event ?? PUSH_EVENT,
    [WebhookHeaders.timestamp]: String(timestamp),
  };
  const delivery = o.deliveryId ?? (typeof bodyId === 'string' ? bodyId : undefined);
  if (delivery !== undefined) headers[WebhookHeaders.delivery] = delivery;
  if (o.signature !== null) headers[WebhookHeaders.signature] = o.signature ?? webhookSignature(o.secret, timestamp, raw);
  return { ...headers, ...o.headers };
}

/** POST `body` (an object is sent as JSON; a string or Buffer as is) to the push URL, signed. */
export async function pushChange(url: string, body: unknown, o: PushOptions): Promise<PushAnswer> {
  const raw = Buffer.isBuffer(body) ? body : rawOf(body);
  const id = body !== null && typeof body === 'object' && !Buffer.isBuffer(body) ? (body as { id?: unknown }).id : undefined;
  const res = await fetch(url, { method: 'POST', body: raw, headers: pushHeaders(raw, o, id), signal: o.signal });
  const text = await res.text();
  try {
    return { status: res.status, body: JSON.parse(text) as unknown };
  } catch {
    return { status: res.status, body: text };
  }
}
