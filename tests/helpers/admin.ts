import { generateOperatorToken } from '../../src/admin/tokens';
import type { App } from '../../src/app';
import type { OperatorRole } from '../../src/journal/operations';
import { exampleEntry, post, waitFor, type TestStack } from './stack';

/** A new operator of `role` on the stack's journal; returns its token. */
export async function createOperator(app: App, role: OperatorRole, name = `test-${role}`): Promise<string> {
  const { token, hash, prefix } = generateOperatorToken();
  await app.journal.operations.createOperator({ name, role, hash, prefix });
  return token;
}

export interface AdminAnswer {
  status: number;
  contentType: string | null;
  body: any;
}

/** One call to the admin API with `token` (none: no Authorization header). */
export async function admin(stack: { url: string }, token: string | undefined, method: string, path: string, body?: unknown): Promise<AdminAnswer> {
  const res = await fetch(`${stack.url}${path}`, {
    method,
    headers: { ...(token && { authorization: `Bearer ${token}` }), ...(body !== undefined && { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type'), body: text ? JSON.parse(text) : undefined };
}

/** Where the stack serves the admin API: its own listener (`admin.http`) or intake's. */
function adminApiOf(stack: TestStack): { url: string } {
  return { url: stack.app.adminUrl() ?? stack.url };
}

/** The admin view of a message, polled until its status is `status`; throws if it never gets there. */
export async function adminSettled(stack: TestStack, token: string, id: string, status: string, timeoutMs = 60_000): Promise<AdminAnswer> {
  const seen = await waitFor(() => admin(adminApiOf(stack), token, 'GET', `/admin/v1/messages/${id}`), (m) => m.body?.status === status, timeoutMs);
  if (seen.body?.status !== status) throw new Error(`message ${id} did not become ${status}: ${seen.status} ${JSON.stringify(seen.body).slice(0, 300)}`);
  return seen;
}

/**
 * `n` entries parked by a SIR that refuses every fichero (`0037`, not retryable: one attempt
 * each); the faults are cleared and the simulator's counts reset before it resolves, so a test
 * starts from "SIR has recovered, nothing received".
 */
export async function parkEntries(stack: TestStack, token: string, n: number): Promise<string[]> {
  await stack.sim.setFaults({ fatalRate: 1 });
  const ids: string[] = [];
  for (let i = 0; i < n; i++) {
    const accepted = await post(stack, exampleEntry());
    if (accepted.status !== 202) throw new Error(`intake answered ${accepted.status}: ${JSON.stringify(accepted.body)}`);
    ids.push(accepted.body.id as string);
  }
  for (const id of ids) await adminSettled(stack, token, id, 'parked');
  await stack.sim.setFaults({});
  stack.sim.reset();
  return ids;
}
