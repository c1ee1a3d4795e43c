import { isPasarelaError } from '../../src/core/errors';
import { createMemoryReplayCache } from '../../src/wssec/replay-memory';
import type { TrustStore } from '../../src/wssec/types';
import { verify } from '../../src/wssec/verify';

/** `requireSignature`: a screen refusing any envelope without a valid WS-Security signature `trust` accepts; the string is why. */
export function signatureScreen(trust: TrustStore): (envelope: string) => Promise<string | undefined> {
  const replayCache = createMemoryReplayCache();
  return async (envelope) => {
    try {
      await verify(envelope, { trust, replayCache });
      return undefined;
    } catch (e) {
      return isPasarelaError(e) ? `${e.code}: ${e.message}` : 'The WS-Security signature could not be checked';
    }
  };
}
