import { writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../../src/config/types';
import { isPasarelaError } from '../../../src/core/errors';
import { httpsOptions } from '../../../src/intake/tls-options';
import { createTestPki, type TestPki } from '../../helpers/pki';

let pki: TestPki;
beforeAll(() => {
  pki = createTestPki();
  writeFileSync(path.join(pki.dir, 'garbage.pem'), 'not a certificate\n');
});
afterAll(() => pki.remove());

const configWith = (tls: Config['http']['tls']) => ({ http: { host: '127.0.0.1', port: 0, bodyLimitBytes: 1024, tls } }) as unknown as Config;

function problemsOf(tls: Config['http']['tls']): string[] {
  try {
    httpsOptions(configWith(tls));
  } catch (e) {
    if (isPasarelaError(e) && e.code === 'CONFIG_INVALID') return e.problems.map((p) => `${p.pointer}: ${p.message}`);
    throw e;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('the TLS settings of the intake listener', () => {
  it('are absent without http.tls: the listener stays plain HTTP', () => {
    expect(httpsOptions(configWith(undefined))).toBeUndefined();
  });

  it('serve HTTPS with the certificate and key, asking no client certificate without a client CA', () => {
    const options = httpsOptions(configWith({ certFile: pki.files.leafCert, keyFile: pki.files.leafKey }));
    expect(options).toEqual({ cert: pki.leafCertPem, key: pki.leafKeyPem });
  });

  it('ask for a client certificate with a client CA, without requiring one', () => {
    const options = httpsOptions(configWith({ certFile: pki.files.leafCert, keyFile: pki.files.leafKey, clientCaFile: pki.files.caCert }));
    expect(options).toMatchObject({ ca: pki.caCertPem, requestCert: true, rejectUnauthorized: false });
  });

  it('stop start-up naming each file that is missing, not PEM, or a key of another certificate', () => {
    const missing = path.join(pki.dir, 'missing.pem');
    const garbage = path.join(pki.dir, 'garbage.pem');
    expect(problemsOf({ certFile: missing, keyFile: garbage, clientCaFile: garbage })).toEqual([
      `config/http/tls/certFile: the file ${missing} cannot be read (ENOENT)`,
      `config/http/tls/keyFile: ${garbage} holds no unencrypted PEM private key`,
      `config/http/tls/clientCaFile: ${garbage} holds no PEM certificate`,
    ]);
    expect(problemsOf({ certFile: pki.files.leafCert, keyFile: pki.files.otherKey })).toEqual([
      `config/http/tls/keyFile: ${pki.files.otherKey} is not the private key of ${pki.files.leafCert}`,
    ]);
  });
});
