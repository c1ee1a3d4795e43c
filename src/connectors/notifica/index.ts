import { createHash } from 'node:crypto';
import { Errors, PasarelaError } from '../../core/errors';
import type { Connector, DeliveryContext, PluginContext, Receipt } from '../../core/plugin';
import { createEndpointSecurity } from '../../wssec/endpoint';
import { altaRemesaEnviosXml } from './alta-remesa-xml';
import { createSoapCaller, type SoapCaller } from './client';
import { NOTIFICA_DEFAULTS, notificaConfigSchema, type NotificaConfig } from './config';
import { resolveApiKeys } from './keys';
import { altaRemesaEnvios, DEFAULT_NOT_FOUND_CODES, infoEnvioLigero, type AltaResult } from './operations';
import type { NotificaRemesa } from './remesa';

export type { NotificaConfig } from './config';
export type { NotificaRemesa } from './remesa';

/** Upper bound of a `check()` probe, in milliseconds. */
const CHECK_TIMEOUT_MS = 3000;

/**
 * The referenciaEmisor (≤ 20 characters) of the `index`-th envío of a delivery: derived from the
 * delivery key, so every retry and every operator replay of one notification stamps the same
 * references, and a submission whose answer was lost can be found again instead of made twice.
 */
export function referenceOf(deliveryKey: string, index: number): string {
  return 'P' + createHash('sha256').update(`${deliveryKey}#${index}`).digest('hex').slice(0, 19).toUpperCase();
}

/** What `init` builds and `close` releases. */
interface Session {
  config: NotificaConfig;
  caller: SoapCaller;
  keys: Map<string, string>;
  retryable: ReadonlySet<string>;
  notFound: ReadonlySet<string>;
}

/**
 * Notific@ connector: submits a notification's remesa with `altaRemesaEnvios` (reference
 * notifica-carpeta.md §2.1), authenticated by the tenant's API key in the `apiKey` SOAP header
 * (WS-Security only when `wssec.sign` is set). `000` resolves with the envíos' identificadores,
 * which the route worker records for state tracking (src/notifica). Not idempotent on Notific@'s
 * side, so a retry or a replay first asks `infoEnvioLigero` by referenciaEmisor: an envío
 * Notific@ already holds is taken as the answer, never submitted again.
 */
export function createNotificaConnector(): Connector<NotificaConfig, NotificaRemesa> {
  let session: Session | undefined;
  return {
    name: 'notifica',
    accepts: ['notifica-remesa'],
    configSchema: notificaConfigSchema,

    async init(ctx: PluginContext<NotificaConfig>): Promise<void> {
      if (session) return;
      const config = ctx.config;
      const keys = resolveApiKeys(config, ctx.tenants ?? []);
      const security = createEndpointSecurity(config.wssec).security;
      const caller = createSoapCaller({ endpoint: config.endpoint, syncEndpoint: config.syncEndpoint, timeoutMs: config.timeoutMs ?? NOTIFICA_DEFAULTS.timeoutMs, security });
      session = { config, caller, keys, retryable: new Set(config.retryableCodes ?? []), notFound: config.notFoundCodes ? new Set(config.notFoundCodes) : DEFAULT_NOT_FOUND_CODES };
    },

    async deliver(remesa: NotificaRemesa, ctx: DeliveryContext): Promise<Receipt> {
      if (!session) throw new PasarelaError(Errors.CONFIG_INVALID, 'The Notific@ connector was used before init() or after close()');
      const apiKey = ctx.tenant === undefined ? undefined : session.keys.get(ctx.tenant);
      if (apiKey === undefined) throw new PasarelaError(Errors.CONFIG_INVALID, `No Notific@ API key is configured for tenant ${ctx.tenant ?? '?'} (tenants[].notifica or connectors.notifica)`);
      const references = remesa.envios.map((_, i) => referenceOf(ctx.idempotencyKey, i));
      // A first attempt of a message that is not a replay cannot have reached Notific@ before.
      const mayExist = ctx.attempt > 1 || (ctx.messageId !== undefined && ctx.messageId !== ctx.idempotencyKey);
      const found = mayExist ? await lookUp(session, references, remesa.organismoEmisor, apiKey, ctx.signal) : undefined;
      if (found) return receipt(remesa, references, found, 'already taken by Notific@ (found by referenciaEmisor); not submitted again');
      ctx.logger.debug({ envios: remesa.envios.length, attempt: ctx.attempt }, 'submitting a remesa to Notific@');
      const result = await altaRemesaEnvios(session.caller, altaRemesaEnviosXml(remesa, references), apiKey, session.retryable, ctx.signal);
      return receipt(remesa, references, matchEnvios(remesa, result), `Notific@ took ${result.envios.length} envío(s)`);
    },

    async check(): Promise<boolean> {
      if (!session) return false;
      return session.caller.reachable(Math.min(session.config.timeoutMs ?? NOTIFICA_DEFAULTS.timeoutMs, CHECK_TIMEOUT_MS));
    },

    async close(): Promise<void> {
      session?.caller.close();
      session = undefined;
    },
  };
}

/** The identificadores of an earlier submission, or undefined when Notific@ holds none. */
async function lookUp(s: Session, references: string[], dir3: string, apiKey: string, signal: AbortSignal): Promise<string[] | undefined> {
  const first = await infoEnvioLigero(s.caller, { referencia: references[0], dir3 }, apiKey, signal, s.notFound);
  if (!first) return undefined;
  const ids = [first.identificador];
  for (const referencia of references.slice(1)) {
    const info = await infoEnvioLigero(s.caller, { referencia, dir3 }, apiKey, signal, s.notFound);
    if (!info) throw new PasarelaError(Errors.NOTIFICA_REJECTED, `Notific@ holds only some envíos of this remesa (no envío for reference ${referencia}); an operator must look`);
    ids.push(info.identificador);
  }
  return ids;
}

/** Items come back in request order; when every titular has a distinct NIF they are matched by it instead (as notib does). */
function matchEnvios(remesa: NotificaRemesa, result: AltaResult): string[] {
  if (result.envios.length !== remesa.envios.length) {
    throw new PasarelaError(Errors.CONNECTOR_BAD_RESPONSE, `Notific@ answered ${result.envios.length} identificador(es) for ${remesa.envios.length} envío(s)`);
  }
  const nifs = remesa.envios.map((e) => e.titular.nif);
  const byNif = new Map(result.envios.map((e) => [e.nifTitular, e.identificador]));
  const distinct = nifs.every((n) => n !== undefined) && new Set(nifs).size === nifs.length && byNif.size === nifs.length;
  return distinct && nifs.every((n) => byNif.has(n)) ? nifs.map((n) => byNif.get(n)!) : result.envios.map((e) => e.identificador);
}

function receipt(remesa: NotificaRemesa, references: string[], ids: string[], description: string): Receipt {
  return {
    code: '000', description,
    keys: { notificaIds: ids.join(',') },
    tracked: { service: 'notifica', organismo: remesa.organismoEmisor, items: ids.map((id, index) => ({ id, index, reference: references[index] })) },
  };
}
