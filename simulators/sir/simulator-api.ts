import type { Logger } from 'pino';
import type { TrustStore } from '../../src/wssec/types';
import type { CallbackOptions, CallbackRecord } from './callbacks';
import type { Faults } from './faults';
import type { OriginateOptions } from './originate-entry';
import type { OriginatedRecord } from './originated';
import type { OriginateResult } from './originator';
import type { ExchangeRecord, SirStats } from './stats';
import type { ControlRecord } from './ws-sir7';

/** The SIR simulator's public surface: what `startSirSimulator` takes and returns (docs/sir-simulator.md). */

export interface SirSimulatorOptions extends CallbackOptions {
  /** TCP port; 0 picks a free one (a simulated `down` then re-listens on the port it got). @defaultValue 8091 */
  port?: number;
  /** @defaultValue '127.0.0.1' */
  host?: string;
  logger?: Logger;
  /**
   * Require a valid WS-Security signature from a signer this trust store accepts; unsigned or
   * badly signed requests get a soap:Client fault. Off by default, as the real service's policy
   * is not public (reference/sir-sicres3.md §7).
   */
  requireSignature?: TrustStore;
  /** Faults in effect from the start; missing fields mean no fault. An invalid set throws `CONFIG_INVALID`. */
  faults?: Partial<Faults>;
  /** Uniform source in [0, 1) for the fault draws; tests inject a fixed one. @defaultValue Math.random */
  random?: () => number;
  /** pasarela's WS_SIR9 endpoint: where control messages go after a new fichero is accepted (see ./callbacks.ts). */
  callbackUrl?: string;
  /** First sequence number of originated exchange ids (1 to 99999999). @defaultValue a random one */
  originSequenceStart?: number;
}

/** A running SIR/CIR stand-in that accepts ficheros over WS_SIR6_B and control messages over WS_SIR7. */
export interface SirSimulator {
  /** The WS_SIR6_B endpoint URL (`?wsdl` serves the WSDL). */
  readonly url: string;
  /** The WS_SIR7 endpoint URL (`?wsdl` serves the WSDL). */
  readonly controlUrl: string;
  readonly port: number;
  stats(): SirStats;
  /** Forget the ficheros, control messages, callbacks (pending ones are cancelled), originated exchanges and fault counts; the fault settings stay. */
  reset(): void;
  /** Exchange ids accepted, in order, duplicates and hops included. */
  received(): string[];
  /** Distinct ENVÍOs (and REENVÍO/RECHAZO hops) accepted, with their registry number and count (also `GET /_sim/exchanges`). */
  exchanges(): ExchangeRecord[];
  /** Control messages accepted over WS_SIR7, in order (also `GET /_sim/control-messages`). */
  controlMessages(): ControlRecord[];
  /** Set or clear the WS_SIR9 URL for ficheros accepted from now on (tests start the simulator before pasarela). */
  setCallbackUrl(url: string | undefined): void;
  /** Set pasarela's WS_SIR8_B URL; `undefined` derives it from the WS_SIR9 one again. */
  setFicheroCallbackUrl(url: string | undefined): void;
  /** pasarela's WS_SIR8_B URL in effect (set, or derived from the WS_SIR9 one). */
  ficheroCallbackUrl(): string | undefined;
  /** Delivery attempts to pasarela's WS_SIR9 and WS_SIR8_B, in order (also `GET /_sim/callbacks`). */
  callbacks(): CallbackRecord[];
  /**
   * Send pasarela an entry addressed to one of its offices over WS_SIR8_B (also
   * `POST /_sim/originate`): built from `options`, or `given.xml` as is. See ./originator.ts.
   */
  originate(options?: OriginateOptions, given?: { xml: string }): Promise<OriginateResult>;
  /** The originated exchanges and what pasarela sent back about them (also `GET /_sim/originated`). */
  originated(): OriginatedRecord[];
  /** The faults in effect (also `GET /_sim/faults`). */
  faults(): Faults;
  /**
   * Replace the faults, as `POST /_sim/faults` does (missing fields: no fault). Resolves once the
   * listener is closed (`down`) or open again; rejects with `CONFIG_INVALID` for an invalid set.
   */
  setFaults(f: Partial<Faults>): Promise<Faults>;
  /** Close the server and its connections; idempotent. */
  stop(): Promise<void>;
}
