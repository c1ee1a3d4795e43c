import { existsSync } from 'node:fs';
import { Errors, PasarelaError } from '../../core/errors';
import { resolveProjectFile } from '../../core/paths';
import type { WssecEndpointConfig } from '../../wssec/config';
import { createEndpointSecurity, type EndpointSecurity } from '../../wssec/endpoint';
import type { SirConfig } from './config';

/**
 * WS-Security of the SIR endpoints (WS_SIR6_B and WS_SIR7): every request is signed unless the
 * configuration says `wssec: { sign: false }`. The embedded configuration points at a
 * development pair under `data/keys/` (git-ignored), which `pasarela sir dev-cert` and the demo
 * create; production configures its own key (docs/sir-security.md).
 */

/** The development pair config/default.yaml names, relative to the project root. */
export const DEV_KEY_FILE = 'data/keys/sir-dev.key';
export const DEV_CERT_FILE = 'data/keys/sir-dev.pem';

function noKey(reason: string): PasarelaError {
  const message =
    `connectors.sir.wssec: SIR requests are signed by default, but ${reason}. ` +
    'Set connectors.sir.wssec.keyFile and connectors.sir.wssec.certFile (PEM), or connectors.sir.wssec.p12File ' +
    '(PKCS#12, passphrase through passphraseEnv or passphraseFile); for development, `pasarela sir dev-cert` ' +
    `writes ${DEV_KEY_FILE} and ${DEV_CERT_FILE}; or set connectors.sir.wssec.sign: false to send unsigned requests.`;
  return new PasarelaError(Errors.CONFIG_INVALID, message, {
    problems: [{ pointer: '/connectors/sir/wssec', code: 'CONFIG_INVALID', message }],
  });
}

/** True when the settings name the embedded development pair and it has not been created. */
function devPairMissing(wssec: WssecEndpointConfig, exists: (file: string) => boolean): boolean {
  if (wssec.keyFile !== DEV_KEY_FILE || wssec.certFile !== DEV_CERT_FILE) return false;
  return !exists(resolveProjectFile(DEV_KEY_FILE)) || !exists(resolveProjectFile(DEV_CERT_FILE));
}

/**
 * The endpoint's effective settings: `sign` defaults to true. Throws CONFIG_INVALID, saying what
 * to set, when signing is on and no key is configured, or the configured key is the development
 * pair and it does not exist yet. A `p12File` wins over `keyFile`/`certFile` (those may come from
 * the embedded defaults). Other key problems are WSSEC_KEY_INVALID from the loader.
 * `exists` is the file check (tests replace it).
 */
export function effectiveWssec(config: Pick<SirConfig, 'wssec'>, exists: (file: string) => boolean = existsSync): WssecEndpointConfig {
  const wssec: WssecEndpointConfig = { ...config.wssec, sign: config.wssec?.sign ?? true };
  if (!wssec.sign || wssec.p12File) return wssec;
  if (!wssec.keyFile || !wssec.certFile) {
    const set = wssec.keyFile ? 'keyFile is set without certFile' : wssec.certFile ? 'certFile is set without keyFile' : 'no signing key is configured';
    throw noKey(set);
  }
  if (devPairMissing(wssec, exists)) throw noKey(`the development key pair it names (${DEV_KEY_FILE}, ${DEV_CERT_FILE}) does not exist yet`);
  return wssec;
}

/** Signing and response verification for a SIR endpoint, loaded once at init. */
export function sirEndpointSecurity(config: Pick<SirConfig, 'wssec'>): EndpointSecurity {
  return createEndpointSecurity(effectiveWssec(config));
}
