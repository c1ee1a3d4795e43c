import Fastify, { type FastifyInstance } from 'fastify';
import { AdminApiError, AdminConnectionError, createAdminClient, queryString } from '../../../src/cli/admin/client';
import { describeFailure } from '../../../src/cli/admin/run';

/** What the fake API saw of one request. */
interface Seen {
  method: string;
  url: string;
  authorization: string | undefined;
  body: unknown;
}

/** The fake API's next answer. */
let answer: { status: number; type: string; body: unknown } = { status: 200, type: 'application/json', body: {} };
const seen: Seen[] = [];
let app: FastifyInstance;
let baseUrl: string;

function answerWith(status: number, body: unknown, type = 'application/json'): void {
  answer = { status, type, body: type.includes('json') ? JSON.stringify(body) : body };
}

/** The API error the call fails with (fails the test when it does not). */
async function failure(call: Promise<unknown>): Promise<AdminApiError> {
  const e = await call.then(() => undefined, (err: unknown) => err);
  expect(e).toBeInstanceOf(AdminApiError);
  return e as AdminApiError;
}

beforeAll(async () => {
  app = Fastify();
  app.route({
    method: ['GET', 'POST'],
    url: '/*',
    handler: async (req, reply) => {
      seen.push({ method: req.method, url: req.url, authorization: req.headers.authorization, body: req.body });
      return reply.code(answer.status).type(answer.type).send(answer.body);
    },
  });
  baseUrl = await app.listen({ host: '127.0.0.1', port: 0 });
});

afterAll(() => app.close());

beforeEach(() => {
  seen.length = 0;
  answerWith(200, {});
});

describe('the admin API client', () => {
  const client = () => createAdminClient({ baseUrl, token: 'op_secret' });

  it('sends the operator token as a Bearer header and returns the parsed answer', async () => {
    answerWith(200, { items: [{ id: 'm-1' }], nextCursor: null });
    await expect(client().listMessages({})).resolves.toEqual({ items: [{ id: 'm-1' }], nextCursor: null });
    expect(seen).toEqual([{ method: 'GET', url: '/admin/v1/messages', authorization: 'Bearer op_secret', body: undefined }]);
  });

  it('puts only the given parameters in the query string, encoded', async () => {
    await client().listMessages({ status: 'parked', tenant: undefined, from: '2026-01-01T00:00:00+01:00', q: 'a b&c', limit: 50 });
    expect(seen[0].url).toBe('/admin/v1/messages?status=parked&from=2026-01-01T00%3A00%3A00%2B01%3A00&q=a+b%26c&limit=50');
    await client().inFlight();
    expect(seen[1].url).toBe('/admin/v1/in-flight');
    await client().inFlight(120);
    expect(seen[2].url).toBe('/admin/v1/in-flight?stuckAfter=120');
    await client().audit({ action: 'replay', messageId: 'm-1' });
    expect(seen[3].url).toBe('/admin/v1/audit?action=replay&messageId=m-1');
  });

  it('encodes ids in paths and keeps a base URL path prefix, with or without a trailing slash', async () => {
    await client().getMessage('a/b c');
    expect(seen[0].url).toBe('/admin/v1/messages/a%2Fb%20c');
    await createAdminClient({ baseUrl: `${baseUrl}/pasarela/`, token: 't' }).getReplay('j-1');
    expect(seen[1].url).toBe('/pasarela/admin/v1/replays/j-1');
  });

  it('POSTs the JSON bodies of the actions, leaving out what was not given', async () => {
    const c = client();
    await c.replayMessage('m-1', 'SIR is back');
    await c.replayMessage('m-2');
    await c.discardMessage('m-3', 'duplicate');
    await c.editAndReplay('m-4', { subject: 'fixed' }, 'typo');
    await c.startReplay({ filter: { status: 'parked' }, dryRun: true, limit: 10 });
    await c.cancelReplay('j-1');
    expect(seen.map((s) => [s.method, s.url, s.body])).toEqual([
      ['POST', '/admin/v1/messages/m-1/replay', { reason: 'SIR is back' }],
      ['POST', '/admin/v1/messages/m-2/replay', {}],
      ['POST', '/admin/v1/messages/m-3/discard', { reason: 'duplicate' }],
      ['POST', '/admin/v1/messages/m-4/edit-and-replay', { payload: { subject: 'fixed' }, reason: 'typo' }],
      ['POST', '/admin/v1/replays', { filter: { status: 'parked' }, dryRun: true, limit: 10 }],
      ['POST', '/admin/v1/replays/j-1/cancel', {}],
    ]);
  });

  it('turns a problem+json answer into an AdminApiError with status, code, detail and problems', async () => {
    answerWith(422, {
      type: 'about:blank', title: 'Invalid', status: 422, code: 'ADMIN_INVALID_FILTER', detail: 'The filter is not valid',
      errors: [{ pointer: '/filter/status', code: 'enum', detail: 'must be a message status' }],
    }, 'application/problem+json');
    const e = await failure(client().startReplay({ filter: { status: 'lost' }, dryRun: true }));
    expect(e).toMatchObject({ status: 422, code: 'ADMIN_INVALID_FILTER', detail: 'The filter is not valid' });
    expect(e.problems).toEqual([{ pointer: '/filter/status', code: 'enum', message: 'must be a message status' }]);
    expect(describeFailure('replay', e)).toBe(
      'pasarela replay: 422 ADMIN_INVALID_FILTER: The filter is not valid\n  /filter/status enum must be a message status\n',
    );
  });

  it('describes error answers that are not problems: plain JSON errors and text pages', async () => {
    answerWith(404, { statusCode: 404, error: 'Not Found', message: 'Route GET:/admin/v1/failures not found' });
    expect(await failure(client().failures())).toMatchObject({ status: 404, code: 'Not Found', detail: 'Route GET:/admin/v1/failures not found', problems: [] });
    answerWith(502, '<html>\n<body>Bad Gateway</body>\n</html>', 'text/html');
    expect(await failure(client().failures())).toMatchObject({ status: 502, code: 'HTTP_ERROR', detail: '<html> <body>Bad Gateway</body> </html>' });
  });

  it('says which URL it could not reach when nothing listens there', async () => {
    const closed = Fastify();
    const url = await closed.listen({ host: '127.0.0.1', port: 0 });
    await closed.close();
    const e = await createAdminClient({ baseUrl: url, token: 't' }).failures().then(() => undefined, (err: unknown) => err);
    expect(e).toBeInstanceOf(AdminConnectionError);
    expect((e as Error).message).toBe(`cannot reach the admin API at ${url} (connection refused); is pasarela serving there? Point --url or PASARELA_ADMIN_URL at it`);
    expect(describeFailure('failures', e)).toBe(`pasarela failures: ${(e as Error).message}\n`);
  });

  it('refuses a base URL that is not an http(s) URL before sending anything', () => {
    expect(() => createAdminClient({ baseUrl: '127.0.0.1:8080', token: 't' })).toThrow(/is not (a URL|http\(s\))/);
    expect(() => createAdminClient({ baseUrl: 'ftp://host', token: 't' })).toThrow('the admin API URL ftp://host is not http(s)');
  });

  it('builds no query string from no values', () => {
    expect(queryString({ a: undefined })).toBe('');
    expect(queryString({ a: 'x', b: 2 })).toBe('?a=x&b=2');
  });
});
