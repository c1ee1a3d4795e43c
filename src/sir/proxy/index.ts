/** CIR proxy mode (docs/sir-proxy.md): tenants' own registry applications speak SIR to pasarela. */
export { registerSirProxy, SIR_PROXY_PATHS, type SirProxyContext } from './endpoints';
export { createSirProxyRelay, SIR_RELAY_ROUTE } from './relay';
export { PROXY_ROUTES } from './forward';
