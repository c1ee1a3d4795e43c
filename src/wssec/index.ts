/** WS-Security (X.509 token profile) for pasarela's SOAP traffic: the module's public surface. */
export { sign, DEFAULT_TTL_SECONDS } from './sign';
export { verify, DEFAULT_MAX_BYTES, DEFAULT_SKEW_SECONDS } from './verify';
export { loadSigningCredentials, credentialsFromPem } from './keys';
export { createTrustStore, loadTrustStore } from './trust';
export { createMemoryReplayCache } from './replay-memory';
export { journalReplayCache } from './replay-journal';
export { PasarelaWsSecurity } from './node-soap';
export { createEndpointSecurity, type EndpointSecurity } from './endpoint';
export { wssecEndpointSchema, type WssecEndpointConfig } from './config';
export type { ReplayCache, SigningCredentials, SignOptions, TrustStore, VerifiedMessage, VerifyOptions } from './types';
