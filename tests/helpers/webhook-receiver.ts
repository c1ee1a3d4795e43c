import { createHmac, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedCall {
  headers: http.IncomingHttpHeaders;
  /** The exact bytes received. */
  raw: Buffer;
  body: any;
}

/** What the receiver does with one call: answer a status, or hold the call without answering. */
export type Reaction = number | 'hang';

export interface WebhookReceiver {
  url: string;
  calls: ReceivedCall[];
  /** Reactions for the next calls, in order; once used up, every call gets 200. */
  script(...reactions: Reaction[]): void;
  close(): Promise<void>;
}

/** A real HTTP server standing in for a tenant's webhook: records each call, answers as scripted. */
export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const calls: ReceivedCall[] = [];
  let reactions: Reaction[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks);
      let body: unknown;
      try {
        body = JSON.parse(raw.toString('utf8'));
      } catch {
        body = undefined;
      }
      calls.push({ headers: req.headers, raw, body });
      const reaction = reactions.shift() ?? 200;
      if (reaction !== 'hang') res.writeHead(reaction, { 'content-type': 'text/plain' }).end(reaction < 300 ? 'ok' : 'no');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/pasarela?token=abc`,
    calls,
    script: (...r) => {
      reactions = r;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

/** Verifies a call as docs/webhooks.md tells receivers to, independently of pasarela's code. */
export function hasValidSignature(call: ReceivedCall, secret: string): boolean {
  const timestamp = String(call.headers['pasarela-timestamp']);
  const expected = Buffer.from('v1=' + createHmac('sha256', secret).update(`${timestamp}.`).update(call.raw).digest('hex'));
  const given = Buffer.from(String(call.headers['pasarela-signature'] ?? ''));
  return given.length === expected.length && timingSafeEqual(given, expected);
}
