import { createJournal } from '../../../src/journal';
import type { Journal } from '../../../src/journal/journal';
import { credentialsFromPem } from '../../../src/wssec/keys';
import { journalReplayCache } from '../../../src/wssec/replay-journal';
import { sign } from '../../../src/wssec/sign';
import { createTrustStore } from '../../../src/wssec/trust';
import { verify } from '../../../src/wssec/verify';
import { codeOf } from '../../helpers/errors';
import { createTestPki, type TestPki } from '../../helpers/pki';

const ENVELOPE = '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><x:Ping xmlns:x="urn:x">1</x:Ping></soap:Body></soap:Envelope>';

describe('the journal as the replay cache of verify()', () => {
  let pki: TestPki;
  let journal: Journal;
  beforeAll(async () => {
    pki = createTestPki();
    journal = createJournal('sqlite::memory:');
    await journal.migrate();
  });
  afterAll(async () => {
    await journal.close();
    pki.remove();
  });

  it('accepts a signed message once and refuses it the second time as a replay', async () => {
    const signed = sign(ENVELOPE, { credentials: credentialsFromPem(pki.leafKeyPem, pki.leafCertPem) });
    const opts = { trust: createTrustStore({ cas: [pki.caCertPem] }), replayCache: journalReplayCache(journal) };
    await expect(verify(signed, opts)).resolves.toHaveProperty('body');
    expect(await codeOf(verify(signed, opts))).toBe('WSSEC_REPLAY');
  });
});
