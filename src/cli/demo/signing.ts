import type { Config } from '../../config/types';
import type { SirConfig } from '../../connectors/sir/config';
import { ensureDevCertificate } from '../../connectors/sir/dev-cert';
import { DEV_CERT_FILE, DEV_KEY_FILE, effectiveWssec } from '../../connectors/sir/security';
import { resolveProjectFile } from '../../core/paths';
import { loadSigningCredentials } from '../../wssec/keys';
import { createTrustStore } from '../../wssec/trust';
import type { TrustStore } from '../../wssec/types';

export interface DemoSigning {
  /** What the simulator trusts: exactly the certificate pasarela signs with. Absent when signing is off. */
  trust?: TrustStore;
  /** One line for the demo's output. */
  line: string;
}

/**
 * The demo's signing set-up. With the embedded defaults, the development pair under data/keys/
 * is created if missing (or expired); whatever key the configuration names, the simulator is
 * started trusting (pinning) its certificate, so every request the demo sends is verified.
 * Throws CONFIG_INVALID / WSSEC_KEY_INVALID like the connector would.
 */
export function demoSigning(config: Config): DemoSigning {
  const sir = config.connectors.sir as unknown as SirConfig;
  if (sir.wssec?.sign === false) return { line: 'signing         off (connectors.sir.wssec.sign: false): requests go unsigned' };
  const wssec = sir.wssec;
  let created = false;
  if (!wssec?.p12File && wssec?.keyFile === DEV_KEY_FILE && wssec.certFile === DEV_CERT_FILE) created = ensureDevCertificate().created;
  const effective = effectiveWssec(sir);
  const file = (f: string | undefined) => (f === undefined ? undefined : resolveProjectFile(f));
  const credentials = loadSigningCredentials({
    keyFile: file(effective.keyFile), certFile: file(effective.certFile), p12File: file(effective.p12File),
    passphraseEnv: effective.passphraseEnv, passphraseFile: file(effective.passphraseFile),
  });
  const which = effective.p12File ?? effective.certFile;
  const dev = !effective.p12File && effective.certFile === DEV_CERT_FILE ? ` (development pair${created ? ', just created' : ''})` : '';
  return {
    trust: createTrustStore({ pinned: [credentials.certificate.toString()] }),
    line: `signing         WS-Security with ${which}${dev}; the simulator verifies every request`,
  };
}
