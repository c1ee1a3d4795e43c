import type { FastifyRequest } from 'fastify';
import { readFileSync } from 'node:fs';
import type { ClientCertificateConfig, Config, TenantConfig } from '../../../src/config/types';
import { loadConfig } from '../../../src/config/load';
import { isPasarelaError } from '../../../src/core/errors';
import { projectPath } from '../../../src/core/paths';
import { TENANT_SCOPES } from '../../../src/core/scopes';
import { certificateMappings, createCertificateAuthenticator } from '../../../src/intake/client-cert';
import { parseDistinguishedName, peerAttributes, subjectKey } from '../../../src/intake/distinguished-name';
import { expectCode } from '../../helpers/errors';

const SUBJECT = 'CN=registro.ayto-ejemplo.es,O=Ayuntamiento de Ejemplo,C=ES';
const PEER_SUBJECT = { C: 'ES', O: 'Ayuntamiento de Ejemplo', CN: 'registro.ayto-ejemplo.es' };
const FP = 'AB:' + Array(31).fill('0F').join(':');
const TLS = { certFile: 'server.pem', keyFile: 'server.key', clientCaFile: 'ca.pem' };

function configOf(clientCertificates: ClientCertificateConfig[], more: TenantConfig[] = [], tls: Config['http']['tls'] = TLS): Config {
  const tenant = { code: 'L01230001', name: 'Ejemplo', offices: ['O00007001', 'O00007002'], clientCertificates };
  return { http: { host: '127.0.0.1', port: 0, bodyLimitBytes: 1024, tls }, tenants: [tenant, ...more] } as unknown as Config;
}

function requestWith(socket: object) {
  const log = { info: jest.fn() };
  return { req: { raw: { socket }, log } as unknown as FastifyRequest, log };
}

function verified(subject: object, fingerprint256 = FP, authorized = true) {
  return requestWith({ authorized, getPeerCertificate: () => ({ subject, fingerprint256 }) });
}

function problemsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (isPasarelaError(e) && e.code === 'CONFIG_INVALID') return e.problems.map((p) => `${p.pointer}: ${p.message}`);
    throw e;
  }
  throw new Error('expected CONFIG_INVALID');
}

describe('reading a distinguished name', () => {
  it('reads attribute=value pairs, with spaces around separators ignored', () => {
    expect(parseDistinguishedName('CN=registro.ayto-ejemplo.es, O=Ayuntamiento de Ejemplo ,C=ES')).toEqual([
      ['CN', 'registro.ayto-ejemplo.es'], ['O', 'Ayuntamiento de Ejemplo'], ['C', 'ES'],
    ]);
  });

  it('reads escaped separators, hex-escaped UTF-8 and quoted values', () => {
    expect(parseDistinguishedName('O=Ejemplo\\, S.A.,CN=Logro\\C3\\B1o,OU="Registro, Sede"')).toEqual([
      ['O', 'Ejemplo, S.A.'], ['CN', 'Logroño'], ['OU', 'Registro, Sede'],
    ]);
    expect(parseDistinguishedName('CN=a\\ ')).toEqual([['CN', 'a ']]);
  });

  it('splits a multi-valued RDN into its pairs', () => {
    expect(parseDistinguishedName('OU=Sede+serialNumber=IDCES-1234Z,C=ES')).toEqual([['OU', 'Sede'], ['SERIALNUMBER', 'IDCES-1234Z'], ['C', 'ES']]);
  });

  it('names attribute types case-insensitively, under their long names and OIDs', () => {
    expect(parseDistinguishedName('commonName=x,2.5.4.10=y,e=z@ejemplo.es,cn=w')).toEqual([['CN', 'x'], ['O', 'y'], ['EMAILADDRESS', 'z@ejemplo.es'], ['CN', 'w']]);
  });

  it.each([
    ['', 'it is empty'], ['CN', 'has no "="'], ['=x', 'no valid type'], ['CN=a,', 'ends with a separator'],
    ['CN=', 'is empty'], ['CN=#0403', 'BER-encoded'], ['CN=a\\q', 'escapes nothing'], ['CN="a', 'never closes'],
    ['CN="a"b', 'after its closing quote'], ['CN=\\FF', 'not UTF-8'],
  ])('refuses %j: %s', (dn, why) => {
    expectCode(() => parseDistinguishedName(dn), 'CONFIG_INVALID');
    expect(() => parseDistinguishedName(dn)).toThrow(why);
  });
});

describe('matching a configured subject with a peer certificate', () => {
  const key = (dn: string) => subjectKey(parseDistinguishedName(dn));

  it('matches whatever the order of the attributes', () => {
    expect(subjectKey(peerAttributes(PEER_SUBJECT))).toBe(key(SUBJECT));
    expect(key('C=ES,CN=registro.ayto-ejemplo.es,O=Ayuntamiento de Ejemplo')).toBe(key(SUBJECT));
  });

  it('matches repeated attributes, which Node reports as arrays', () => {
    expect(subjectKey(peerAttributes({ OU: ['Registro', 'Sede'], CN: 'x' }))).toBe(key('OU=Sede,CN=x,OU=Registro'));
    expect(subjectKey(peerAttributes({ OU: ['Registro', 'Sede'], CN: 'x' }))).not.toBe(key('OU=Sede,CN=x'));
  });

  it('compares values exactly and wants every attribute', () => {
    expect(subjectKey(peerAttributes({ ...PEER_SUBJECT, CN: 'REGISTRO.ayto-ejemplo.es' }))).not.toBe(key(SUBJECT));
    expect(subjectKey(peerAttributes({ ...PEER_SUBJECT, OU: 'Registro' }))).not.toBe(key(SUBJECT));
    expect(subjectKey(peerAttributes({ C: 'ES', CN: 'registro.ayto-ejemplo.es' }))).not.toBe(key(SUBJECT));
  });
});

describe('the grant of a client certificate', () => {
  const auth = (certs: ClientCertificateConfig[]) => createCertificateAuthenticator(configOf(certs))!;

  it('gives a verified, mapped certificate the grants of its mapping, every scope by default', () => {
    const grant = auth([{ subject: SUBJECT }])(verified(PEER_SUBJECT).req);
    expect(grant).toEqual({
      id: `cert:${FP}`, tenant: 'L01230001', name: 'cert:registro.ayto-ejemplo.es', prefix: '', createdAt: expect.any(String),
      revokedAt: null, scopes: [...TENANT_SCOPES], offices: null, units: null, rateLimit: null, maxBodyBytes: null,
    });
    const bound = auth([{ subject: SUBJECT, scopes: ['messages:read'], offices: ['O00007002'], units: ['L01230001'] }])(verified(PEER_SUBJECT).req);
    expect(bound).toMatchObject({ scopes: ['messages:read'], offices: ['O00007002'], units: ['L01230001'] });
  });

  it('ignores a connection without a certificate, or whose certificate did not verify', () => {
    const byCertificate = auth([{ subject: SUBJECT }]);
    expect(byCertificate(requestWith({}).req)).toBeUndefined();
    expect(byCertificate(requestWith({ authorized: false, getPeerCertificate: () => ({}) }).req)).toBeUndefined();
    expect(byCertificate(verified(PEER_SUBJECT, FP, false).req)).toBeUndefined();
  });

  it('refuses a verified certificate no tenant maps, logging its fingerprint and not its subject', () => {
    const { req, log } = verified({ ...PEER_SUBJECT, CN: 'Juan Español Español' });
    expectCode(() => auth([{ subject: SUBJECT }])(req), 'AUTH_UNKNOWN_CERTIFICATE');
    expect(log.info).toHaveBeenCalledWith({ fingerprint256: FP }, expect.any(String));
    expect(JSON.stringify(log.info.mock.calls)).not.toContain('Juan');
  });

  it('checks a pinned fingerprint case-insensitively, and prefers a pinned mapping', () => {
    const pinned = auth([{ subject: SUBJECT, scopes: ['inbox:read'] }, { subject: SUBJECT, fingerprint256: FP.toLowerCase(), scopes: ['messages:read'] }]);
    expect(pinned(verified(PEER_SUBJECT).req)?.scopes).toEqual(['messages:read']);
    const only = auth([{ subject: SUBJECT, fingerprint256: FP.toLowerCase() }]);
    expect(only(verified(PEER_SUBJECT).req)?.tenant).toBe('L01230001');
    expectCode(() => only(verified(PEER_SUBJECT, FP.replace('AB', 'AC')).req), 'AUTH_UNKNOWN_CERTIFICATE');
  });

  it('is not made without a clientCaFile', () => {
    expect(createCertificateAuthenticator(configOf([], [], { certFile: 'a', keyFile: 'b' }))).toBeUndefined();
    const plain = configOf([]);
    delete plain.http.tls;
    expect(createCertificateAuthenticator(plain)).toBeUndefined();
  });
});

describe('checking the certificate mappings at start-up', () => {
  const other = (subject: string): TenantConfig => ({ code: 'L02000023', name: 'Demo', offices: ['O00009001'], clientCertificates: [{ subject }] });

  it('refuses a subject mapped to two tenants, however it is written', () => {
    expect(problemsOf(() => certificateMappings(configOf([{ subject: SUBJECT }], [other('C=ES, o=Ayuntamiento de Ejemplo, CN=registro.ayto-ejemplo.es')]))))
      .toEqual(['config/tenants/1/clientCertificates/0/subject: this subject is already mapped to tenant L01230001']);
  });

  it('refuses the same subject twice in a tenant unless pinned to different fingerprints', () => {
    expect(problemsOf(() => certificateMappings(configOf([{ subject: SUBJECT }, { subject: SUBJECT }]))))
      .toEqual([expect.stringMatching(/^config\/tenants\/0\/clientCertificates\/1\/subject: .*mapped twice/)]);
    expect(certificateMappings(configOf([{ subject: SUBJECT }, { subject: SUBJECT, fingerprint256: FP }]))).toHaveLength(2);
  });

  it("refuses a bad subject, an office not the tenant's and mappings without a client CA", () => {
    expect(problemsOf(() => certificateMappings(configOf([{ subject: 'CN' }, { subject: SUBJECT, offices: ['O00009001'] }], [], { certFile: 'a', keyFile: 'b' })))).toEqual([
      'config/tenants/0/clientCertificates/0/subject: not a distinguished name: attribute 1 has no "="',
      "config/tenants/0/clientCertificates/1/offices: O00009001 not among tenant L01230001's offices",
      'config/http/tls/clientCaFile: tenants map client certificates, but no clientCaFile says which CA issues them',
    ]);
  });

  it('accepts the blocks in the configuration schema, which lists every scope', () => {
    const schema = JSON.parse(readFileSync(projectPath('schemas', 'config', 'config.schema.json'), 'utf8'));
    const tenantProps = schema.properties.tenants.items.properties;
    expect(tenantProps.clientCertificates.items.properties.scopes.items.enum).toEqual([...TENANT_SCOPES]);
    const tenants = [{ code: 'L01230001', name: 'Ejemplo', offices: ['O00007001'], clientCertificates: [{ subject: SUBJECT, fingerprint256: FP, scopes: ['registry:write'], offices: ['O00007001'] }] }];
    const config = loadConfig({ env: {}, overrides: { http: { tls: TLS }, tenants } });
    expect(config.http.tls).toEqual(TLS);
    expectCode(() => loadConfig({ env: {}, overrides: { tenants: [{ ...tenants[0], clientCertificates: [{ subject: SUBJECT, fingerprint256: 'AB' }] }] } }), 'CONFIG_INVALID');
  });
});
