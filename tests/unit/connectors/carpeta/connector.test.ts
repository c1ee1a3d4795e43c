import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compileSchema } from '../../../../src/config/ajv';
import { connectorFactories } from '../../../../src/connectors';
import { CARPETA_PUSH_EVENT, createCarpetaConnector, type CarpetaConfig, type CarpetaPushBody } from '../../../../src/connectors/carpeta';
import { CARPETA_PUSH_DEFAULTS, carpetaConfigSchema } from '../../../../src/connectors/carpeta/config';
import { webhookSignature } from '../../../../src/connectors/webhook/sign';
import { isPasarelaError, type PasarelaError } from '../../../../src/core/errors';
import type { Connector, DeliveryContext } from '../../../../src/core/plugin';
import { silentLogger } from '../../../../src/observability/logger';
import { freePort } from '../../../helpers/process';
import { codeOf } from '../../../helpers/errors';

const SECRET = 'carpeta-unit-secret';
/** Set by this file only, removed after each test. */
const SECRET_ENV = `PASARELA_UNIT_CARPETA_PUSH_SECRET_${process.pid}`;
const NOW_MS = Date.UTC(2026, 4, 20, 10, 40, 0);

const BODY: CarpetaPushBody = {
  expediente: 'ES_L02000023_2026_EXP_SUB2026000457', tenant: 'L02000023', state: 'in-progress', sequence: 4,
  interested: [{ documentType: 'NIF', documentNumber: '99000003E', role: 'holder' }],
};

interface Received {
  url: string;
  method: string;
  headers: http.IncomingHttpHeaders;
  raw: Buffer;
}

/** A Carpeta push endpoint on a free port: records each call and answers `status` (or never, when null). */
async function startReceiver() {
  const received: Received[] = [];
  const state = { status: 202 as number | null, location: undefined as string | undefined };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ url: req.url ?? '', method: req.method ?? '', headers: req.headers, raw: Buffer.concat(chunks) });
      if (state.status === null) return;
      res.writeHead(state.status, { 'content-type': 'application/json', ...(state.location && { location: state.location }) }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/carpeta/push?token=s3cr3t-in-url`;
  return {
    url, received, state,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}

function delivery(over: Partial<DeliveryContext> = {}): DeliveryContext {
  return { signal: new AbortController().signal, attempt: 1, idempotencyKey: '0196f3a0-0000-7000-8000-000000000001', route: 'carpeta-push-to-carpeta', logger: silentLogger(), ...over };
}

async function rejection(p: Promise<unknown>): Promise<PasarelaError> {
  try {
    await p;
  } catch (e) {
    if (isPasarelaError(e)) return e;
    throw e;
  }
  throw new Error('expected a rejection');
}

let receiver: Awaited<ReturnType<typeof startReceiver>>;
let connector: Connector<CarpetaConfig, CarpetaPushBody>;
let dir: string;

beforeAll(async () => {
  receiver = await startReceiver();
  dir = mkdtempSync(path.join(tmpdir(), 'pasarela-carpeta-push-'));
});
afterAll(async () => {
  await receiver.close();
  rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  receiver.received.length = 0;
  receiver.state.status = 202;
  receiver.state.location = undefined;
  process.env[SECRET_ENV] = SECRET;
});
afterEach(async () => {
  await connector?.close();
  delete process.env[SECRET_ENV];
});

async function connected(config: Partial<CarpetaConfig> = {}): Promise<Connector<CarpetaConfig, CarpetaPushBody>> {
  connector = createCarpetaConnector({ now: () => NOW_MS });
  await connector.init({ config: { url: receiver.url, secretEnv: SECRET_ENV, ...config }, logger: silentLogger() });
  return connector;
}

describe('the Carpeta push connector', () => {
  it('is registered as carpeta and delivers carpeta-push payloads', () => {
    const c = connectorFactories.carpeta();
    expect(c.name).toBe('carpeta');
    expect(c.accepts).toEqual(['carpeta-push']);
  });

  describe('a push', () => {
    it('POSTs the change as JSON whose id is the delivery key', async () => {
      const c = await connected();
      await c.deliver(BODY, delivery());
      expect(receiver.received).toHaveLength(1);
      const [call] = receiver.received;
      expect(call.method).toBe('POST');
      expect(call.url).toBe('/carpeta/push?token=s3cr3t-in-url');
      expect(call.headers['content-type']).toBe('application/json');
      expect(JSON.parse(call.raw.toString('utf8'))).toEqual({ id: delivery().idempotencyKey, ...BODY });
    });

    it('signs the exact body with the secret and the timestamp, naming the event and the delivery', async () => {
      const c = await connected();
      await c.deliver(BODY, delivery());
      const { headers, raw } = receiver.received[0];
      const timestamp = Math.floor(NOW_MS / 1000);
      expect(headers['pasarela-event']).toBe(CARPETA_PUSH_EVENT);
      expect(headers['pasarela-delivery']).toBe(delivery().idempotencyKey);
      expect(headers['pasarela-timestamp']).toBe(String(timestamp));
      expect(headers['pasarela-signature']).toBe(webhookSignature(SECRET, timestamp, raw));
      expect(headers['pasarela-signature']).not.toBe(webhookSignature('another-secret', timestamp, raw));
    });

    it('sends the same id on every attempt, so Carpeta can de-duplicate', async () => {
      const c = await connected();
      await c.deliver(BODY, delivery({ attempt: 1 }));
      await c.deliver(BODY, delivery({ attempt: 4 }));
      const ids = receiver.received.map((r) => [JSON.parse(r.raw.toString('utf8')).id, r.headers['pasarela-delivery']]);
      expect(ids).toEqual([[delivery().idempotencyKey, delivery().idempotencyKey], [delivery().idempotencyKey, delivery().idempotencyKey]]);
    });

    it.each([200, 201, 202, 204])('takes HTTP %i as delivered, with a receipt naming the delivery', async (status) => {
      receiver.state.status = status;
      const c = await connected();
      expect(await c.deliver(BODY, delivery())).toMatchObject({ code: String(status), keys: { deliveryId: delivery().idempotencyKey } });
    });
  });

  describe('a failed push', () => {
    it.each([408, 429, 500, 502, 503, 504])('is retried after HTTP %i (CARPETA_UNAVAILABLE, retryable)', async (status) => {
      receiver.state.status = status;
      const c = await connected();
      const err = await rejection(c.deliver(BODY, delivery()));
      expect(err).toMatchObject({ code: 'CARPETA_UNAVAILABLE', retryable: true, details: { service: 'carpeta', httpStatus: status } });
    });

    it.each([400, 401, 403, 404, 409, 413, 422])('is parked after HTTP %i (CARPETA_REFUSED, not retryable)', async (status) => {
      receiver.state.status = status;
      const c = await connected();
      expect(await rejection(c.deliver(BODY, delivery()))).toMatchObject({ code: 'CARPETA_REFUSED', retryable: false, details: { httpStatus: status } });
    });

    it.each([301, 302, 307, 308])('is parked after a redirect (HTTP %i), which it does not follow', async (status) => {
      receiver.state.status = status;
      receiver.state.location = '/elsewhere';
      const c = await connected();
      expect(await rejection(c.deliver(BODY, delivery()))).toMatchObject({ code: 'CARPETA_REFUSED', retryable: false });
      expect(receiver.received.map((r) => r.url)).toEqual(['/carpeta/push?token=s3cr3t-in-url']);
    });

    it('is retried when Carpeta cannot be reached (connection refused)', async () => {
      connector = createCarpetaConnector();
      await connector.init({ config: { url: `http://127.0.0.1:${await freePort()}/push`, secretEnv: SECRET_ENV }, logger: silentLogger() });
      expect(await rejection(connector.deliver(BODY, delivery()))).toMatchObject({ code: 'CARPETA_UNAVAILABLE', retryable: true, details: { transportCode: 'ECONNREFUSED' } });
    });

    it('is retried when Carpeta does not answer within the time-out', async () => {
      receiver.state.status = null;
      const c = await connected({ timeoutMs: 200 });
      expect(await rejection(c.deliver(BODY, delivery()))).toMatchObject({ code: 'CARPETA_UNAVAILABLE', retryable: true, details: { timeoutMs: 200 } });
    });

    it('is retried when the delivery is aborted (worker deadline or shutdown)', async () => {
      receiver.state.status = null;
      const c = await connected();
      const abort = new AbortController();
      const pending = c.deliver(BODY, delivery({ signal: abort.signal }));
      abort.abort();
      expect(await rejection(pending)).toMatchObject({ code: 'CARPETA_UNAVAILABLE', retryable: true });
    });

    it('never names the URL (it may hold a token) in its error', async () => {
      receiver.state.status = 503;
      const c = await connected();
      const err = await rejection(c.deliver(BODY, delivery()));
      expect(JSON.stringify({ message: err.message, details: err.details })).not.toContain('s3cr3t-in-url');
    });
  });

  describe('configuration', () => {
    it('pushes nothing without a url: init succeeds, a delivery is refused (CONFIG_INVALID, not retryable)', async () => {
      connector = createCarpetaConnector();
      await connector.init({ config: {}, logger: silentLogger() });
      expect(await rejection(connector.deliver(BODY, delivery()))).toMatchObject({ code: 'CONFIG_INVALID', retryable: false });
      expect(receiver.received).toEqual([]);
    });

    it('reads the secret from a file the configuration names', async () => {
      const file = path.join(dir, 'secret');
      writeFileSync(file, 'secret-from-file\n');
      connector = createCarpetaConnector({ now: () => NOW_MS });
      await connector.init({ config: { url: receiver.url, secretFile: file }, logger: silentLogger() });
      await connector.deliver(BODY, delivery());
      const { headers, raw } = receiver.received[0];
      expect(headers['pasarela-signature']).toBe(webhookSignature('secret-from-file', Math.floor(NOW_MS / 1000), raw));
    });

    it('reads the secret once, at init', async () => {
      const c = await connected();
      process.env[SECRET_ENV] = 'changed-after-init';
      await c.deliver(BODY, delivery());
      const { headers, raw } = receiver.received[0];
      expect(headers['pasarela-signature']).toBe(webhookSignature(SECRET, Math.floor(NOW_MS / 1000), raw));
    });

    it.each([
      ['its variable is not set', () => ({ secretEnv: `${SECRET_ENV}_UNSET` })],
      ['its file is missing', () => ({ secretFile: path.join(dir, 'no-such-secret') })],
      ['its file is empty', () => { writeFileSync(path.join(dir, 'empty'), ''); return { secretFile: path.join(dir, 'empty') }; }],
      ['it is not referenced at all', () => ({})],
      ['it is referenced twice', () => ({ secretEnv: SECRET_ENV, secretFile: path.join(dir, 'secret') })],
    ])('fails init with CONFIG_INVALID when a url is set and the secret cannot be read: %s', async (_why, ref) => {
      connector = createCarpetaConnector();
      expect(await codeOf(connector.init({ config: { url: receiver.url, ...ref() }, logger: silentLogger() }))).toBe('CONFIG_INVALID');
    });

    it('refuses a delivery before init and after close (CONFIG_INVALID); close is idempotent', async () => {
      connector = createCarpetaConnector();
      expect(await codeOf(connector.deliver(BODY, delivery()))).toBe('CONFIG_INVALID');
      const c = await connected();
      await c.close();
      await c.close();
      expect(await codeOf(c.deliver(BODY, delivery()))).toBe('CONFIG_INVALID');
    });

    it('takes a valid block and refuses unknown or malformed settings', () => {
      const valid = compileSchema(carpetaConfigSchema);
      expect(valid({})).toBe(true);
      expect(valid({ url: 'https://carpeta.example.es/push', secretEnv: 'CARPETA_SECRET', timeoutMs: 5000 })).toBe(true);
      expect(valid({ url: 'http://127.0.0.1:8093/push', secretFile: 'data/keys/carpeta.secret' })).toBe(true);
      for (const bad of [{ url: 'ftp://x' }, { secretEnv: 'lower' }, { timeoutMs: 0 }, { timeoutMs: 600001 }, { secretFile: '' }, { secret: 'inline' }]) {
        expect(valid(bad)).toBe(false);
      }
      expect(CARPETA_PUSH_DEFAULTS.timeoutMs).toBe(10_000);
    });
  });
});
