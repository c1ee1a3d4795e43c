import type { ISecurity } from 'soap';
import { resolveProjectFile } from '../core/paths';
import type { WssecEndpointConfig } from './config';
import { loadSigningCredentials } from './keys';
import { PasarelaWsSecurity } from './node-soap';
import { createMemoryReplayCache } from './replay-memory';
import { loadTrustStore } from './trust';
import type { ReplayCache, VerifiedMessage } from './types';
import { verify } from './verify';

/** What a SOAP connector needs from its endpoint's `wssec` settings. */
export interface EndpointSecurity {
  /** node-soap security plug-in that signs every request; absent when signing is off. */
  security?: ISecurity;
  /** Verifies a raw response before anything is read from it; absent when not configured. */
  verifyResponse?(raw: string): Promise<VerifiedMessage>;
}

/** Configured paths are relative to the project root, like every other path in the configuration. */
function resolve(file: string | undefined): string | undefined {
  return file === undefined ? undefined : resolveProjectFile(file);
}

/**
 * Build an endpoint's signing and verification from its settings. Keys and trust stores are
 * loaded here, once, at connector init: a missing or wrong key stops start-up (WSSEC_KEY_INVALID)
 * instead of failing every delivery.
 */
export function createEndpointSecurity(config: WssecEndpointConfig | undefined, replayCache?: ReplayCache): EndpointSecurity {
  if (!config) return {};
  const out: EndpointSecurity = {};
  if (config.sign) {
    const credentials = loadSigningCredentials({
      keyFile: resolve(config.keyFile), certFile: resolve(config.certFile), p12File: resolve(config.p12File),
      passphraseEnv: config.passphraseEnv, passphraseFile: resolve(config.passphraseFile),
    });
    out.security = new PasarelaWsSecurity(credentials, { ttlSeconds: config.ttlSeconds, extraReferences: config.extraReferences });
  }
  if (config.verifyResponses) {
    const trust = loadTrustStore({
      pinnedFiles: (config.trustPinnedFiles ?? []).map((f) => resolve(f)!),
      caFiles: (config.trustCaFiles ?? []).map((f) => resolve(f)!),
    });
    const cache = replayCache ?? createMemoryReplayCache();
    out.verifyResponse = (raw) =>
      verify(raw, { trust, skewSeconds: config.skewSeconds, extraReferences: config.extraReferences, replayCache: cache });
  }
  return out;
}
