import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { createTestPki, type TestPki } from '../helpers/pki';
import { pasarela as run } from '../helpers/cli';

/** The built CLI with `input` on stdin. */
const pasarela = (args: string[], input: string, env: Record<string, string> = {}) => run(args, env, { timeout: 60_000, input });

function xmlsec1Verifies(pki: TestPki, signed: string, idElements: string[] = []): Promise<boolean> {
  const file = path.join(pki.dir, `signed-${Date.now()}.xml`);
  writeFileSync(file, signed);
  return new Promise((resolve) =>
    execFile('xmlsec1', [
      '--verify', '--enabled-reference-uris', 'same-doc', '--pubkey-cert-pem', pki.files.leafCert,
      '--id-attr:Id', 'http://schemas.xmlsoap.org/soap/envelope/:Body',
      '--id-attr:Id', 'http://docs.oasis-open.org/wss/2004/01/oasis-200401-wss-wssecurity-utility-1.0.xsd:Timestamp',
      ...idElements.flatMap((e) => ['--id-attr:Id', e]), file,
    ], (err) => resolve(!err)),
  );
}

const ENVELOPE =
  '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body>' +
  '<tns:recepcionFicheroDeAplicacion xmlns:tns="http://impl.manager.cct.map.es"><registro>&lt;Fichero_Intercambio_SICRES_3/&gt;</registro>' +
  '</tns:recepcionFicheroDeAplicacion></soap:Body></soap:Envelope>';

describe('pasarela wssec', () => {
  let pki: TestPki;
  beforeAll(() => {
    pki = createTestPki();
  });
  afterAll(() => pki.remove());

  it('signs an envelope from stdin with PEM files, and xmlsec1 verifies the result', async () => {
    const r = await pasarela(['wssec', 'sign', '--key', pki.files.leafKey, '--cert', pki.files.leafCert, '--ttl', '120'], ENVELOPE);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('wsse:BinarySecurityToken');
    expect(await xmlsec1Verifies(pki, r.stdout)).toBe(true);
  });

  it('signs with a PKCS#12 bundle whose passphrase comes from an environment variable', async () => {
    const r = await pasarela(['wssec', 'sign', '--p12', pki.files.p12, '--passphrase-env', 'TEST_P12_PASS'], ENVELOPE, { TEST_P12_PASS: pki.p12Passphrase });
    expect(r.code).toBe(0);
    expect(await xmlsec1Verifies(pki, r.stdout)).toBe(true);
    const wrong = await pasarela(['wssec', 'sign', '--p12', pki.files.p12, '--passphrase-env', 'TEST_P12_PASS'], ENVELOPE, { TEST_P12_PASS: 'zq-not-the-passphrase-81' });
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/^WSSEC_KEY_INVALID: /);
    expect(wrong.stderr).not.toContain('zq-not-the-passphrase-81');
  });

  it('verifies: exit 0 printing the verified Body; exit 1 with the code when tampered or untrusted', async () => {
    const signed = (await pasarela(['wssec', 'sign', '--key', pki.files.leafKey, '--cert', pki.files.leafCert], ENVELOPE)).stdout;
    const ok = await pasarela(['wssec', 'verify', '--trust', pki.files.caCert], signed);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('recepcionFicheroDeAplicacion');
    expect(ok.stdout).toMatch(/^<soap:Body/);

    const tampered = await pasarela(['wssec', 'verify', '--trust', pki.files.caCert], signed.replace('Fichero_Intercambio_SICRES_3', 'Something_Else'));
    expect(tampered.code).toBe(1);
    expect(tampered.stderr).toMatch(/^WSSEC_DIGEST_MISMATCH: /);

    const untrusted = await pasarela(['wssec', 'verify', '--trust', pki.files.otherCert], signed);
    expect(untrusted.code).toBe(1);
    expect(untrusted.stderr).toMatch(/^WSSEC_UNTRUSTED_CERTIFICATE: /);
  });

  it("verifies with the signer's own certificate pinned, not only with its CA", async () => {
    const signed = (await pasarela(['wssec', 'sign', '--key', pki.files.leafKey, '--cert', pki.files.leafCert], ENVELOPE)).stdout;
    const r = await pasarela(['wssec', 'verify', '--trust', pki.files.leafCert], signed);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('refuses an expired timestamp beyond the allowed skew', async () => {
    const signed = (await pasarela(['wssec', 'sign', '--key', pki.files.leafKey, '--cert', pki.files.leafCert, '--ttl', '1'], ENVELOPE)).stdout;
    await new Promise((r) => setTimeout(r, 1500));
    const r = await pasarela(['wssec', 'verify', '--trust', pki.files.caCert, '--skew', '0'], signed);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^WSSEC_TIMESTAMP_EXPIRED: /);
  });

  it('signs and verifies a header block named with --reference as a third reference', async () => {
    const wsa = 'http://www.w3.org/2005/08/addressing';
    const input = ENVELOPE.replace('<soap:Body>', `<soap:Header><wsa:To xmlns:wsa="${wsa}">urn:sir</wsa:To></soap:Header><soap:Body>`);
    const keys = ['--key', pki.files.leafKey, '--cert', pki.files.leafCert];
    const r = await pasarela(['wssec', 'sign', ...keys, '--reference', 'To'], input);
    expect(r.code).toBe(0);
    expect(r.stdout.match(/<ds:Reference /g)).toHaveLength(3);
    expect(await xmlsec1Verifies(pki, r.stdout, [`${wsa}:To`])).toBe(true);

    const ok = await pasarela(['wssec', 'verify', '--trust', pki.files.caCert, '--reference', 'To'], r.stdout);
    expect(ok.code).toBe(0);
    const without = await pasarela(['wssec', 'verify', '--trust', pki.files.caCert], r.stdout);
    expect(without.code).toBe(1);
    expect(without.stderr).toMatch(/^WSSEC_REFERENCES_MISMATCH: /);

    const missing = await pasarela(['wssec', 'sign', ...keys, '--reference', 'To', '--reference', 'Action'], input);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^WSSEC_MALFORMED: .*"Action"/);
  });

  it('says what is missing when neither a key nor a PKCS#12 file is given', async () => {
    const r = await pasarela(['wssec', 'sign'], ENVELOPE);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('give --key and --cert, or --p12');
  });
});
