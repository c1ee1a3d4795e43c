import { randomBytes } from 'node:crypto';
import { createEnvelope } from '../../../src/core/envelope';
import type { RegistryEntry } from '../../../src/core/registry-entry';
import { exampleEntry, getMessage, OTHER_TENANT, startStack, waitFor, type JournalKind, type TestStack } from '../../helpers/stack';

describe.each<JournalKind>(['sqlite', 'postgres'])('Idempotency-Key at intake (journal: %s)', (journal) => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ journal });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /** POST with an Idempotency-Key; the whole answer, headers included. */
  async function post(body: unknown, idempotencyKey: string, key = stack.key) {
    const res = await fetch(`${stack.url}/v1/registry-entries`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', 'idempotency-key': idempotencyKey },
      body: JSON.stringify(body),
    });
    return { status: res.status, headers: res.headers, body: (await res.json()) as any };
  }

  const delivered = (id: string, key = stack.key) => waitFor(() => getMessage(stack, id, key), (v) => v.body.status === 'delivered');
  const messageCount = async () => Object.values(await stack.app.journal.countByStatus()).reduce((a, b) => a + (b ?? 0), 0);
  /** The ficheros SIR received for one registry number (each test posts its own). */
  const ficherosFor = (registryNumber: string) => stack.sim.exchanges().filter((x) => x.registryNumber === registryNumber);
  const newKey = () => 'idem-' + randomBytes(8).toString('hex');

  /** The example entry under a registry number no other test uses. */
  function uniqueEntry(): RegistryEntry {
    const entry = exampleEntry();
    entry.origin.registryNumber = 'IK-' + randomBytes(6).toString('hex');
    return entry;
  }

  it('answers a repeated key with the original id and status, and sends SIR one fichero', async () => {
    const entry = uniqueEntry();
    const key = newKey();
    const before = await messageCount();
    const first = await post(entry, key);
    expect(first.status).toBe(202);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    await delivered(first.body.id);

    const again = await post(entry, key);
    expect(again.status).toBe(202);
    expect(again.body).toEqual({ id: first.body.id, status: 'delivered' });
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.headers.get('location')).toBe(`/v1/messages/${first.body.id}`);
    expect(await messageCount()).toBe(before + 1);
    expect((await stack.app.bus.queueDepths('registry-entry-to-sir')).work).toBe(0);
    expect(ficherosFor(entry.origin.registryNumber)).toEqual([expect.objectContaining({ count: 1 })]);
  });

  it("takes another tenant's identical key as a new message", async () => {
    const key = newKey();
    const mine = await post(uniqueEntry(), key);
    const theirs = uniqueEntry();
    theirs.origin.office = OTHER_TENANT.offices[0];
    theirs.origin.unit = OTHER_TENANT.units[0];
    const other = await post(theirs, key, stack.otherKey);
    expect(mine.status).toBe(202);
    expect(other.status).toBe(202);
    expect(other.headers.get('idempotent-replayed')).toBeNull();
    expect(other.body.id).not.toBe(mine.body.id);
    expect((await delivered(other.body.id, stack.otherKey)).body.tenant).toBe(OTHER_TENANT.code);
  });

  it('refuses with 422 the same key with a different body, and accepts nothing', async () => {
    const key = newKey();
    const entry = uniqueEntry();
    await post(entry, key);
    const before = await messageCount();
    const changed = { ...entry, subject: { ...entry.subject, summary: 'A different request' } };
    const res = await post(changed, key);
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('INTAKE_IDEMPOTENCY_KEY_REUSED');
    expect(await messageCount()).toBe(before);
  });

  it('accepts afresh a key whose first message was rejected', async () => {
    const key = newKey();
    const entry = uniqueEntry();
    // What a failed publish leaves behind: a `rejected` message still holding the key.
    const envelope = createEnvelope({
      type: 'registry-entry', schemaVersion: 1, tenant: 'L02000023', source: { system: 'test', adapter: 'canonical-json@1.0.0' },
      payload: entry, idempotencyKey: key,
    });
    await stack.app.journal.insertMessage({ envelope, route: 'registry-entry-to-sir', requestHash: 'f'.repeat(64) });
    await stack.app.journal.transition(envelope.id, 'rejected', { event: 'publish-failed', outcome: 'error', code: 'BUS_UNREACHABLE' });

    const res = await post(entry, key);
    expect(res.status).toBe(202);
    expect(res.headers.get('idempotent-replayed')).toBeNull();
    expect(res.body.id).not.toBe(envelope.id);
    await delivered(res.body.id);
    expect((await stack.app.journal.findByIdempotencyKey('L02000023', key))?.id).toBe(res.body.id);
    expect((await stack.app.journal.getMessage(envelope.id))?.status).toBe('rejected');
  });

  it('gives concurrent identical requests with one key one id and SIR one fichero', async () => {
    const key = newKey();
    const entry = uniqueEntry();
    const before = await messageCount();
    const answers = await Promise.all([1, 2, 3, 4, 5].map(() => post(entry, key)));
    // One is accepted; the others are replays of it, or told to retry (409 + Retry-After) while
    // it was not yet confirmed by the broker: never a second acceptance.
    const fresh = answers.filter((a) => a.status === 202 && a.headers.get('idempotent-replayed') === null);
    expect(fresh).toHaveLength(1);
    for (const a of answers.filter((x) => x !== fresh[0])) {
      if (a.status === 409) expect(a.headers.get('retry-after')).toBe('5');
      else expect({ status: a.status, replayed: a.headers.get('idempotent-replayed') }).toEqual({ status: 202, replayed: 'true' });
    }
    const ids = new Set(answers.filter((a) => a.status === 202).map((a) => a.body.id));
    expect(ids.size).toBe(1);
    expect(answers.filter((a) => a.status === 409).every((a) => a.body.code === 'INTAKE_IDEMPOTENCY_IN_PROGRESS')).toBe(true);
    await delivered([...ids][0]);
    expect(await messageCount()).toBe(before + 1);
    expect(ficherosFor(entry.origin.registryNumber)).toEqual([expect.objectContaining({ count: 1 })]);
  });

  it('refuses a key longer than 200 characters with 400', async () => {
    const res = await post(uniqueEntry(), 'k'.repeat(201));
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('INTAKE_BAD_IDEMPOTENCY_KEY');
  });
});
