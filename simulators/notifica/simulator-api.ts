import type { Logger } from 'pino';
import type { CallbackRecord } from './callback-delivery';
import type { CallbackStyle } from './callback-message';
import type { EnvioView } from './envios';
import type { NotificaFaults } from './faults';
import type { ScenarioRule } from './scenarios';
import type { NotificaStats } from './stats';

/** The Notific@ simulator's public surface: what `startNotificaSimulator` takes and returns (simulators/README.md). */

export interface NotificaSimulatorOptions {
  /** TCP port; 0 picks a free one (a simulated `down` then re-listens on the port it got). @defaultValue 8092 */
  port?: number;
  /** @defaultValue '127.0.0.1' */
  host?: string;
  logger?: Logger;
  /** The API keys accepted in the `apiKey` SOAP header (reference §1.3). Required, non-empty. */
  apiKeys: string[];
  /** pasarela's AdviserWsV2 endpoint, where state callbacks go. None: no callbacks (states still advance). */
  callbackUrl?: string;
  /** Whether the callback's children are namespace-qualified (WSDL) or not (RPC style, reference §2.7). @defaultValue 'qualified' */
  callbackStyle?: CallbackStyle;
  /** Sent in a `v2:apiKey` SOAP header on every callback, when set. */
  callbackApiKey?: string;
  /** Scenario rules, first match wins (default scenario `read`). An invalid list throws `CONFIG_INVALID`. */
  scenarios?: ScenarioRule[];
  /** Faults in effect from the start; missing fields mean no fault. An invalid set throws `CONFIG_INVALID`. */
  faults?: Partial<NotificaFaults>;
  /** Delay between an envío's state changes, `[min, max]` ms. @defaultValue [50, 150] */
  stepDelayMs?: [number, number];
  /** Retries of a failed callback. @defaultValue 5 */
  callbackRetries?: number;
  /** First retry delay; doubles on each retry, capped at 5 s. @defaultValue 200 */
  callbackRetryBaseMs?: number;
  /** The simulator's clock (dates in answers and callbacks, caducidad). @defaultValue () => new Date() */
  now?: () => Date;
  /** Uniform source in [0, 1) for fault draws and step delays; tests inject a fixed one. @defaultValue Math.random */
  random?: () => number;
}

/** A running stand-in for the State's Notific@ (NotificaWsV21 + SincronizarEnvioWs) that calls pasarela back. */
export interface NotificaSimulator {
  /** The simulator's origin, `http://host:port` (no trailing slash); the endpoints are below it. */
  readonly url: string;
  /** `${url}/ws/notificaWsV21` (altaRemesaEnvios). */
  readonly notificaWsUrl: string;
  /** `${url}/ws/sincronizarEnvioWs` (infoEnvioLigero, sincronizarEnvioOE, ampliarPlazoOE). */
  readonly sincronizarEnvioWsUrl: string;
  readonly port: number;
  /** Also `GET /_sim/stats`. */
  stats(): NotificaStats;
  /** The faults in effect (also `GET /_sim/faults`). */
  faults(): NotificaFaults;
  /**
   * Replace the faults, as `POST /_sim/faults` does (missing fields: no fault). Resolves once the
   * listener is closed (`down`) or open again; rejects with `CONFIG_INVALID` for an invalid set.
   */
  setFaults(f: Partial<NotificaFaults>): Promise<NotificaFaults>;
  /** Replace the scenario rules for envíos created from now on (also `POST /_sim/scenario`); throws `CONFIG_INVALID` when invalid. */
  setScenario(rules: ScenarioRule[]): void;
  /** Set or clear pasarela's callback URL for envíos created from now on (tests start the simulator before pasarela). */
  setCallbackUrl(url: string | undefined): void;
  /** Forget the envíos, stats and callback records and cancel pending steps and callbacks (also `POST /_sim/reset`); faults and rules stay. */
  reset(): void;
  /** One envío (also `GET /_sim/envios/:identificador`); undefined when unknown. */
  envio(identificador: string): EnvioView | undefined;
  /** Every envío, or those with this referenciaEmisor, in creation order (also `GET /_sim/envios?referencia=`). */
  envios(referencia?: string): EnvioView[];
  /** Callback delivery attempts, in order (also `GET /_sim/callbacks`). */
  callbacks(): CallbackRecord[];
  /** Close the server and its connections, cancel pending work; idempotent. */
  stop(): Promise<void>;
}
