import { randomInt } from 'node:crypto';
import type { Logger } from 'pino';
import { Errors, PasarelaError } from '../../src/core/errors';
import { newGeneration, postSoap } from './delivery';
import { buildEnvio, checkOriginate, exchangeIdOf, MAX_SEQUENCE, type OriginateOptions } from './originate-entry';
import type { OriginatedLog, OriginatedRecord } from './originated';
import { faultOf, respuestaOf, wsSir8Envelope } from './ws-sir8';

/**
 * The simulator as the CIR bringing pasarela an entry from another administration: one call to
 * pasarela's WS_SIR8_B per `originate`, no retry (the caller sees what pasarela answered and
 * re-sends on purpose, e.g. to test duplicates). What follows is kept in the originated log.
 */

export interface OriginateResult {
  /** The fichero's `Identificador_Intercambio` ('' when a given fichero has none readable). */
  exchangeId: string;
  /** pasarela's RespuestaWS. */
  codigo: string;
  descripcion: string;
}

export interface Originator {
  /**
   * Send a new ENVÍO built from `options`, or `given.xml` (or `options.xml`) as is. Resolves with
   * pasarela's RespuestaWS whatever its code. Rejects with `SIM_BAD_REQUEST` for invalid options,
   * `CONFIG_INVALID` when no WS_SIR8_B URL is known, `CONNECTOR_UNREACHABLE` / `CONNECTOR_TIMEOUT`
   * / `CONNECTOR_BAD_RESPONSE` when pasarela gave no RespuestaWS.
   */
  originate(options?: OriginateOptions, given?: { xml: string }): Promise<OriginateResult>;
  originated(): OriginatedRecord[];
  reset(): void;
  /** Abort calls in flight (they reject with `CONNECTOR_UNREACHABLE`, reason `AbortError`). */
  stop(): void;
}

export interface OriginatorOptions {
  /** pasarela's WS_SIR8_B URL in effect at the time of the call. */
  ficheroUrl: () => string | undefined;
  log: OriginatedLog;
  logger: Logger;
  /** First sequence number. @defaultValue a random one, so a restarted simulator does not reuse its ids */
  sequenceStart?: number;
  /** Bound on one call; a fichero with megabytes of annexes takes pasarela a while to store. */
  timeoutMs?: number;
}

const ORIGINATE_TIMEOUT_MS = 60_000;
// Random start below 90 000 000 leaves room for ten million entries before the sequence wraps.
const RANDOM_START_BOUND = 90_000_000;

function noAnswer(reason: string, url: string): PasarelaError {
  const def = reason === 'TimeoutError' ? Errors.CONNECTOR_TIMEOUT : Errors.CONNECTOR_UNREACHABLE;
  return new PasarelaError(def, `pasarela's WS_SIR8_B could not be reached (${reason})`, { details: { component: 'sir-simulator', url, reason } });
}

export function createOriginator(o: OriginatorOptions): Originator {
  const start = o.sequenceStart ?? randomInt(1, RANDOM_START_BOUND);
  if (!Number.isInteger(start) || start < 1 || start > MAX_SEQUENCE) {
    throw new PasarelaError(Errors.CONFIG_INVALID, `originSequenceStart must be an integer from 1 to ${MAX_SEQUENCE}`);
  }
  let next = start;
  const stopping = newGeneration();

  function nextSequence(): number {
    const seq = next;
    next = next >= MAX_SEQUENCE ? 1 : next + 1;
    return seq;
  }

  async function send(url: string, xml: string, exchangeId: string): Promise<OriginateResult> {
    if (exchangeId !== '') o.log.open(exchangeId);
    const answer = await postSoap(url, wsSir8Envelope(xml), stopping.signal, o.timeoutMs ?? ORIGINATE_TIMEOUT_MS);
    const respuesta = answer.ok ? respuestaOf(answer.text) : undefined;
    if (respuesta === undefined) {
      if (exchangeId !== '') o.log.abandon(exchangeId);
      if (!answer.ok) throw noAnswer(answer.reason, url);
      const fault = faultOf(answer.text);
      throw new PasarelaError(Errors.CONNECTOR_BAD_RESPONSE, `pasarela's WS_SIR8_B answered HTTP ${answer.status} without a RespuestaWS${fault ? `: ${fault}` : ''}`, {
        details: { component: 'sir-simulator', url, status: answer.status },
      });
    }
    if (exchangeId !== '') o.log.answered(exchangeId, respuesta);
    o.logger.info({ exchangeId, codigo: respuesta.codigo }, 'SIR simulator originated an entry');
    return { exchangeId, ...respuesta };
  }

  return {
    async originate(options = {}, given) {
      const checked = checkOriginate(given === undefined ? options : { xml: given.xml });
      const url = o.ficheroUrl();
      if (url === undefined) {
        throw new PasarelaError(Errors.CONFIG_INVALID, "pasarela's WS_SIR8_B URL is not set: give ficheroCallbackUrl, or a callbackUrl ending in WS_SIR9");
      }
      if (checked.xml !== undefined) return send(url, checked.xml, exchangeIdOf(checked.xml));
      const built = buildEnvio(checked, nextSequence(), new Date());
      return send(url, built.xml, built.exchangeId);
    },
    originated: () => o.log.list(),
    reset: () => o.log.reset(),
    stop: () => stopping.abort(),
  };
}
