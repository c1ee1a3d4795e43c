import { X509Certificate } from 'node:crypto';
import https from 'node:https';
import path from 'node:path';
import type { Config } from '../../../src/config/types';
import { exampleEntry, startStack, type TestStack } from '../../helpers/stack';
import { createMtlsPki, type MtlsPki, type Pem } from './mtls-pki';

const DEMO = 'L02000023';

interface Answer {
  status: number;
  contentType: string | undefined;
  body: any;
}

/** One request with node's https client, on a connection of its own (no agent: no reused TLS session). */
function call(stack: TestStack, pki: MtlsPki, method: string, path: string, opts: { cert?: Pem; bearer?: string; body?: unknown } = {}): Promise<Answer> {
  const url = new URL(path, stack.url);
  const body = opts.body === undefined ? undefined : JSON.stringify(opts.body);
  const headers: Record<string, string> = {
    ...(body !== undefined && { 'content-type': 'application/json' }),
    ...(opts.bearer !== undefined && { authorization: `Bearer ${opts.bearer}` }),
  };
  return new Promise((resolve, reject) => {
    const req = https.request(url, { method, headers, ca: pki.ca, key: opts.cert?.key, cert: opts.cert?.cert, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, contentType: res.headers['content-type'], body: text ? JSON.parse(text) : undefined });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** TLS with the test CA for clients; the demo tenant maps the two "mapped" certificates. */
function withMtls(pki: MtlsPki) {
  return (config: Config): void => {
    config.http.tls = { certFile: pki.files.serverCert, keyFile: pki.files.serverKey, clientCaFile: pki.files.caCert };
    const demo = config.tenants.find((t) => t.code === DEMO)!;
    demo.clientCertificates = [
      // Another order than the certificate's, and its fingerprint pinned in lower case.
      {
        subject: 'CN=registro.ayto-ejemplo.es,OU=Sede,OU=Registro,L=Logroño,O=Ayuntamiento de Ejemplo,C=ES',
        fingerprint256: new X509Certificate(pki.mapped.cert).fingerprint256.toLowerCase(),
      },
      { subject: 'CN=oficina-2.ayto-ejemplo.es,O=Ayuntamiento de Ejemplo,C=ES', offices: ['O00009002'] },
    ];
  };
}

describe('mutual TLS at intake (real stack over HTTPS, certificates made with openssl)', () => {
  let pki: MtlsPki;
  let stack: TestStack;
  beforeAll(async () => {
    pki = createMtlsPki();
    stack = await startStack({ role: 'intake', configure: withMtls(pki) });
  });
  afterAll(async () => {
    await stack?.stop();
    pki?.remove();
  });

  it('listens on https:// and still answers health checks without a certificate', async () => {
    expect(stack.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    expect((await call(stack, pki, 'GET', '/healthz')).status).toBe(200);
  });

  it('accepts an entry from a mapped certificate and shows the message to the same certificate', async () => {
    const posted = await call(stack, pki, 'POST', '/v1/registry-entries', { cert: pki.mapped, body: exampleEntry() });
    expect(posted.status).toBe(202);
    const read = await call(stack, pki, 'GET', `/v1/messages/${posted.body.id}`, { cert: pki.mapped });
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: posted.body.id, tenant: DEMO });
    const row = await stack.app.journal.getMessage(posted.body.id);
    expect(row?.envelope.source.system).toBe('cert:registro.ayto-ejemplo.es');
  });

  it('refuses a certificate of the CA that no tenant maps with 401 AUTH_UNKNOWN_CERTIFICATE', async () => {
    const res = await call(stack, pki, 'POST', '/v1/registry-entries', { cert: pki.unmapped, body: exampleEntry() });
    expect(res.status).toBe(401);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'AUTH_UNKNOWN_CERTIFICATE' });
  });

  it('ignores a self-signed certificate, even one with a mapped subject: 401 AUTH_MISSING_KEY', async () => {
    const res = await call(stack, pki, 'POST', '/v1/registry-entries', { cert: pki.selfSigned, body: exampleEntry() });
    expect(res.status).toBe(401);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'AUTH_MISSING_KEY' });
  });

  it('still takes a Bearer API key from a client without a certificate', async () => {
    const res = await call(stack, pki, 'POST', '/v1/registry-entries', { bearer: stack.key, body: exampleEntry() });
    expect(res.status).toBe(202);
  });

  it('lets the Authorization header win over the certificate', async () => {
    const res = await call(stack, pki, 'POST', '/v1/registry-entries', { cert: pki.mapped, bearer: 'not-a-key', body: exampleEntry() });
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'AUTH_INVALID_KEY' });
  });

  it("refuses an entry of an office outside the certificate's offices with 403 AUTH_FORBIDDEN_OFFICE", async () => {
    const res = await call(stack, pki, 'POST', '/v1/registry-entries', { cert: pki.officeBound, body: exampleEntry() });
    expect(res.status).toBe(403);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    expect(res.body).toMatchObject({ code: 'AUTH_FORBIDDEN_OFFICE' });
  });
});

describe('mutual TLS settings at start-up', () => {
  let pki: MtlsPki;
  beforeAll(() => {
    pki = createMtlsPki();
  });
  afterAll(() => pki?.remove());

  it('stops start-up with CONFIG_INVALID when a TLS file is missing', async () => {
    const configure = (config: Config) => {
      withMtls(pki)(config);
      config.http.tls!.clientCaFile = path.join(pki.dir, 'missing-ca.pem');
    };
    await expect(startStack({ role: 'intake', configure })).rejects.toMatchObject({
      code: 'CONFIG_INVALID', message: expect.stringContaining('config/http/tls/clientCaFile: the file'),
    });
  });

  it('stops start-up with CONFIG_INVALID when a subject is mapped to two tenants', async () => {
    const configure = (config: Config) => {
      withMtls(pki)(config);
      const other = config.tenants.find((t) => t.code !== DEMO)!;
      other.clientCertificates = [{ subject: 'C=ES,O=Ayuntamiento de Ejemplo,CN=oficina-2.ayto-ejemplo.es' }];
    };
    await expect(startStack({ role: 'intake', configure })).rejects.toMatchObject({
      code: 'CONFIG_INVALID', message: expect.stringMatching(/config\/tenants\/\d+\/clientCertificates\/0\/subject: this subject is already mapped to tenant L02000023/),
    });
  });
});
