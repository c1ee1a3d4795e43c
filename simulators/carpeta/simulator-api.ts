import type { Logger } from 'pino';
import type { CarpetaFaults } from './faults';
import type { CarpetaStats } from './stats';
import type { ExpedienteView } from './store';

/** The Carpeta simulator's public surface: what `startCarpetaSimulator` takes and returns (simulators/README.md). */

export interface CarpetaSimulatorOptions {
  /** TCP port; 0 picks a free one (a simulated `down` then re-listens on the port it got). @defaultValue 8093 */
  port?: number;
  /** @defaultValue '127.0.0.1' */
  host?: string;
  logger?: Logger;
  /** The HMAC secret pushes must be signed with (`Pasarela-Signature`). Required, at least 16 characters; never logged. */
  secret: string;
  /** pasarela's origin for the pull variant (`{pullUrl}/carpeta/v1/expedientes`); none: `/_sim/pull/*` answers 409 until `setPull`. */
  pullUrl?: string;
  /** The bearer token sent to pasarela's pull API; none: calls go unauthenticated. Never logged. */
  pullToken?: string;
  /** Faults in effect from the start; missing fields mean no fault. An invalid set throws `CONFIG_INVALID`. */
  faults?: Partial<CarpetaFaults>;
  /** Largest distance, either way, between `Pasarela-Timestamp` and the simulator's clock, in seconds. @defaultValue 300 */
  maxSkewSeconds?: number;
  /** The simulator's clock (the timestamp check). @defaultValue () => new Date() */
  now?: () => Date;
  /** Uniform source in [0, 1) for fault draws and latency; tests may inject a fixed one. @defaultValue Math.random */
  random?: () => number;
}

/** A running stand-in for the State's Carpeta Ciudadana, both variants: it receives pushes and asks pasarela's pull API. */
export interface CarpetaSimulator {
  /** The simulator's origin, `http://host:port` (no trailing slash). */
  readonly url: string;
  /** `${url}/carpeta/v1/expedientes`: where pasarela pushes changes. */
  readonly pushUrl: string;
  readonly port: number;
  /** Also `GET /_sim/stats`. */
  stats(): CarpetaStats;
  /** The faults in effect (also `GET /_sim/faults`). */
  faults(): CarpetaFaults;
  /**
   * Replace the faults, as `POST /_sim/faults` does (missing fields: no fault). Resolves once the
   * listener is closed (`down`) or open again; rejects with `CONFIG_INVALID` for an invalid set.
   */
  setFaults(f: Partial<CarpetaFaults>): Promise<CarpetaFaults>;
  /** Set pasarela's pull API origin and token (tests start the simulator before pasarela); throws `CONFIG_INVALID` when invalid. */
  setPull(url: string, token?: string): void;
  /** Forget the expedientes and the stats (also `POST /_sim/reset`); faults and the pull target stay. */
  reset(): void;
  /** What it holds for one expediente (also `GET /_sim/expedientes/:id`); undefined when nothing was pushed for it. */
  expediente(id: string): ExpedienteView | undefined;
  /** The expedientes whose latest change names this document, in the order first pushed (also `GET /_sim/citizens/:document/expedientes`). */
  citizen(document: string): ExpedienteView[];
  /** Close the server and its connections (held ones included); idempotent. */
  stop(): Promise<void>;
}
