import { readFileSync } from 'node:fs';
import { projectPath } from '../../src/core/paths';
import type { Notification } from '../../src/core/notification';
import { getMessage, waitFor, type TestStack } from './stack';

/** The canonical example (schemas/canonical/examples/notification.json), a fresh copy each call. */
export function exampleNotification(): Notification {
  return JSON.parse(readFileSync(projectPath('schemas', 'canonical', 'examples', 'notification.json'), 'utf8')) as Notification;
}

/** The example with only its first recipient (a natural person, NIF 99000003E) and a concept of our own. */
export function oneRecipient(concept = 'Resolución de prueba'): Notification {
  const n = exampleNotification();
  n.recipients = [n.recipients[0]];
  n.concept = concept;
  return n;
}

export async function postNotification(stack: TestStack, body: unknown, opts: { key?: string; headers?: Record<string, string> } = {}) {
  const res = await fetch(`${stack.url}/v1/notifications`, {
    method: 'POST',
    headers: { authorization: `Bearer ${opts.key ?? stack.key}`, 'content-type': 'application/json', ...opts.headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type'), headers: res.headers, body: (text ? JSON.parse(text) : undefined) as any };
}

export async function notificationAction(stack: TestStack, id: string, action: 'cancel' | 'extend', body: unknown, key = stack.key) {
  const res = await fetch(`${stack.url}/v1/notifications/${id}/${action}`, {
    method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body: JSON.stringify(body),
  });
  return { status: res.status, contentType: res.headers.get('content-type'), body: (await res.json()) as any };
}

/** Poll the tenant's view until `check` holds (or 30 s); returns the last view. */
export async function waitForView(stack: TestStack, id: string, check: (view: any) => boolean, timeoutMs = 30_000): Promise<any> {
  const v = await waitFor(() => getMessage(stack, id), (r) => r.status === 200 && check(r.body), timeoutMs);
  return v.body;
}

/** Until every envío of the notification is final. */
export function waitClosed(stack: TestStack, id: string, timeoutMs = 30_000): Promise<any> {
  return waitForView(stack, id, (v) => v.notification?.closed === true, timeoutMs);
}

/** The states one envío went through, from the message's history. */
export function statesOf(view: any, identificador: string): string[] {
  return view.history.filter((h: any) => h.event === 'notifica-state' && String(h.detail).includes(identificador)).map((h: any) => h.code);
}
