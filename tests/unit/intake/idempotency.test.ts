import { createEnvelope, type Envelope } from '../../../src/core/envelope';
import { Errors, PasarelaError } from '../../../src/core/errors';
import { IDEMPOTENCY_KEY_MAX_LENGTH, insertOnce, parseIdempotencyKey, priorAnswer, requestHash } from '../../../src/intake/idempotency';
import { codeOf } from '../../helpers/errors';
import { FakeJournal, TEST_KEY } from './fakes';

function refusal(header: string | string[]): PasarelaError {
  try {
    parseIdempotencyKey(header);
  } catch (e) {
    if (e instanceof PasarelaError) return e;
    throw e;
  }
  throw new Error('expected the header to be refused');
}

describe('the Idempotency-Key header', () => {
  it('is optional', () => {
    expect(parseIdempotencyKey(undefined)).toBeUndefined();
  });

  it('is taken as sent when it has 1 to 200 visible ASCII characters', () => {
    expect(parseIdempotencyKey('a')).toBe('a');
    expect(parseIdempotencyKey('8e03978e-40d5-43e8-bc93-6894a57f9324')).toBe('8e03978e-40d5-43e8-bc93-6894a57f9324');
    expect(parseIdempotencyKey('order 42/2026:"x"')).toBe('order 42/2026:"x"');
    const longest = 'k'.repeat(IDEMPOTENCY_KEY_MAX_LENGTH);
    expect(parseIdempotencyKey(longest)).toBe(longest);
  });

  it('is refused, not shortened, when it is longer than 200 characters', () => {
    const e = refusal('k'.repeat(IDEMPOTENCY_KEY_MAX_LENGTH + 1));
    expect(e.code).toBe(Errors.INTAKE_BAD_IDEMPOTENCY_KEY.code);
    expect(e.status).toBe(400);
    expect(e.problems).toEqual([expect.objectContaining({ pointer: '/headers/idempotency-key', code: 'IDEMPOTENCY_KEY_FORMAT' })]);
  });

  it.each([
    ['no characters', ''],
    ['a control character', 'abc\tdef'],
    ['a newline', 'abc\ndef'],
    ['DEL', 'abc\x7fdef'],
    ['non-ASCII characters', 'clave-año'],
    ['a leading space', ' abc'],
    ['a trailing space', 'abc '],
  ])('is refused with %s', (_what, header) => {
    expect(refusal(header).code).toBe('INTAKE_BAD_IDEMPOTENCY_KEY');
  });

  it('is refused when the request carries it as a list', () => {
    expect(refusal(['a', 'b']).code).toBe('INTAKE_BAD_IDEMPOTENCY_KEY');
  });
});

describe('the request hash', () => {
  const body = { origin: { office: 'O00009001' }, subject: 'x', annexes: [1, 2] };

  it('is the SHA-256 hex of the request', () => {
    expect(requestHash('application/json', body)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('is the same for the same request sent again', () => {
    expect(requestHash('application/json', JSON.parse(JSON.stringify(body)))).toBe(requestHash('application/json', body));
  });

  it('ignores media type case and parameters, which do not choose the adapter', () => {
    expect(requestHash('Application/JSON; charset=utf-8', body)).toBe(requestHash('application/json', body));
  });

  it('differs when the body differs', () => {
    expect(requestHash('application/json', { ...body, subject: 'y' })).not.toBe(requestHash('application/json', body));
  });

  it('differs when the media type differs', () => {
    expect(requestHash('application/xml', body)).not.toBe(requestHash('application/json', body));
  });

  it('tells a JSON string body from the same text sent raw', () => {
    expect(requestHash('text/plain', '"a"')).not.toBe(requestHash('text/plain', Buffer.from('"a"')));
    expect(requestHash('application/json', 'a')).not.toBe(requestHash('application/json', '"a"'));
  });
});

describe('a request that loses the race for its key', () => {
  const claim = { key: 'key-1', requestHash: requestHash('application/json', { a: 1 }) };
  let journal: FakeJournal;
  let winner: Envelope;

  beforeEach(async () => {
    journal = new FakeJournal(TEST_KEY);
    winner = envelopeWith('key-1');
    await journal.insertMessage({ envelope: winner, route: 'r', requestHash: claim.requestHash });
  });

  const insertLoser = () => journal.insertMessage({ envelope: envelopeWith('key-1'), route: 'r', requestHash: claim.requestHash });

  it('is told to try again shortly (409) while the winner is not yet confirmed, never 202', async () => {
    expect(await codeOf(insertOnce(journal.asJournal(), TEST_KEY.tenant, claim, insertLoser))).toBe('INTAKE_IDEMPOTENCY_IN_PROGRESS');
    expect(journal.rows.size).toBe(1);
  });

  it("is answered as a repeat of the winner's request once the winner is queued", async () => {
    await journal.transition(winner.id, 'queued', { event: 'queued', outcome: 'ok' });
    const answer = await insertOnce(journal.asJournal(), TEST_KEY.tenant, claim, insertLoser);
    expect(answer).toEqual({ id: winner.id, status: 'queued', replayed: true });
    expect(journal.rows.size).toBe(1);
  });

  it('is refused with 422 when its request differs from the winner\'s', async () => {
    const other = { key: 'key-1', requestHash: requestHash('application/json', { a: 2 }) };
    expect(await codeOf(insertOnce(journal.asJournal(), TEST_KEY.tenant, other, insertLoser))).toBe('INTAKE_IDEMPOTENCY_KEY_REUSED');
  });

  it('is told to try again when the winner was rejected meanwhile', async () => {
    await journal.transition(winner.id, 'rejected', { event: 'publish-failed', outcome: 'error' });
    expect(await codeOf(insertOnce(journal.asJournal(), TEST_KEY.tenant, claim, insertLoser))).toBe('INTAKE_UNAVAILABLE');
  });

  it('passes the conflict on as it is when the request carries no key', async () => {
    expect(await codeOf(insertOnce(journal.asJournal(), TEST_KEY.tenant, undefined, insertLoser))).toBe('JOURNAL_CONFLICT');
  });

  it('is not involved when the insert succeeds', async () => {
    const fresh = () => journal.insertMessage({ envelope: envelopeWith('key-2'), route: 'r' });
    expect(await insertOnce(journal.asJournal(), TEST_KEY.tenant, { ...claim, key: 'key-2' }, fresh)).toBeUndefined();
    expect(journal.rows.size).toBe(2);
  });
});

describe('an earlier request with the same key', () => {
  it('is replayed with a row that predates request hashes', async () => {
    const journal = new FakeJournal(TEST_KEY);
    const old = envelopeWith('key-1');
    await journal.insertMessage({ envelope: old, route: 'r', requestHash: null });
    await journal.transition(old.id, 'delivered', { event: 'delivered', outcome: 'ok' });
    const answer = await priorAnswer(journal.asJournal(), TEST_KEY.tenant, { key: 'key-1', requestHash: 'f'.repeat(64) });
    expect(answer).toEqual({ id: old.id, status: 'delivered', replayed: true });
  });

  it('is nothing when the tenant never used the key', async () => {
    const journal = new FakeJournal(TEST_KEY);
    expect(await priorAnswer(journal.asJournal(), TEST_KEY.tenant, { key: 'key-1', requestHash: 'f'.repeat(64) })).toBeUndefined();
  });
});

function envelopeWith(idempotencyKey: string): Envelope {
  return createEnvelope({ type: 'registry-entry', schemaVersion: 1, tenant: TEST_KEY.tenant, source: { system: 's', adapter: 'a' }, payload: {}, idempotencyKey });
}
