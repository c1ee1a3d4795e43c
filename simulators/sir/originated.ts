import type { ParsedFichero } from '../../src/sir/fichero';
import { hopTypeOf } from './hops';
import type { ControlRecord } from './ws-sir7';

/**
 * What became of the entries the simulator originated toward pasarela (flows seen from the
 * receiving side, reference/sir-sicres3.md §8.1, §8.3): pasarela's answers to each send, the
 * control messages it sent back about the exchange over WS_SIR7, and the REENVÍO/RECHAZO
 * ficheros it sent about it over WS_SIR6_B, with a state derived from them.
 */

/**
 * Derived state. Events are ranked, and one applies only when its rank is at least the current
 * one: `sent` (0: answered `00`) < `acknowledged` | `error` (1: ACK, or ERROR or a non-`00`
 * answer) < `confirmed` | `rejected` | `forwarded` (2: CONFIRMACION, `04`, `03`). So a corrected
 * re-send ACKed after an ERROR is `acknowledged`, a duplicate answered late never moves a
 * confirmed exchange back, and ACKs arriving before pasarela's `00` (it ACKs as it stores) count.
 */
export type OriginatedState = 'sent' | 'acknowledged' | 'error' | 'confirmed' | 'rejected' | 'forwarded';

const RANK: Readonly<Record<OriginatedState, number>> = { sent: 0, acknowledged: 1, error: 1, confirmed: 2, rejected: 2, forwarded: 2 };

/** A REENVÍO (`03`, forward to `destination`) or RECHAZO (`04`) pasarela sent about the exchange. */
export interface OriginatedFichero {
  type: '03' | '04';
  /** `Codigo_Entidad_Registral_Origen`: the office sending the hop. */
  origin: string;
  /** `Codigo_Entidad_Registral_Destino`: where it goes. */
  destination: string;
  /** `Descripcion_Tipo_Anotacion`, when given. */
  reason?: string;
}

export interface RespuestaWS {
  codigo: string;
  descripcion: string;
}

/** One originated exchange (also `GET /_sim/originated`). */
export interface OriginatedRecord {
  exchangeId: string;
  /** What pasarela answered each time it was sent, in order (a re-send adds one). */
  answers: RespuestaWS[];
  /** Control messages pasarela sent about it, in arrival order. */
  controlMessages: ControlRecord[];
  ficheros: OriginatedFichero[];
  state: OriginatedState;
}

export interface OriginatedLog {
  /** Follow `exchangeId` from now on; call it before sending (pasarela may ACK before it answers). Idempotent. */
  open(exchangeId: string): void;
  answered(exchangeId: string, answer: RespuestaWS): void;
  /** Stop following an exchange opened for a send that never reached pasarela, unless something arrived for it. */
  abandon(exchangeId: string): void;
  onControl(r: ControlRecord): void;
  onFichero(f: ParsedFichero): void;
  list(): OriginatedRecord[];
  reset(): void;
}

function controlState(r: ControlRecord): OriginatedState {
  if (r.type === '01') return 'acknowledged';
  if (r.type === '02') return 'error';
  return 'confirmed';
}

export function createOriginatedLog(): OriginatedLog {
  let byId = new Map<string, OriginatedRecord>();

  function advance(rec: OriginatedRecord, next: OriginatedState): void {
    if (RANK[next] >= RANK[rec.state]) rec.state = next;
  }

  return {
    open(exchangeId) {
      if (!byId.has(exchangeId)) byId.set(exchangeId, { exchangeId, answers: [], controlMessages: [], ficheros: [], state: 'sent' });
    },
    answered(exchangeId, answer) {
      const rec = byId.get(exchangeId);
      if (rec === undefined) return;
      rec.answers.push({ ...answer });
      advance(rec, answer.codigo === '00' ? 'sent' : 'error');
    },
    abandon(exchangeId) {
      const rec = byId.get(exchangeId);
      if (rec && rec.answers.length === 0 && rec.controlMessages.length === 0 && rec.ficheros.length === 0) byId.delete(exchangeId);
    },
    onControl(r) {
      const rec = byId.get(r.exchangeId);
      if (rec === undefined) return;
      rec.controlMessages.push({ ...r });
      advance(rec, controlState(r));
    },
    onFichero(f) {
      const type = hopTypeOf(f);
      const rec = byId.get(f.control?.Identificador_Intercambio ?? '');
      if (rec === undefined || type === undefined) return;
      const reason = f.control?.Descripcion_Tipo_Anotacion;
      rec.ficheros.push({
        type,
        origin: f.origin?.Codigo_Entidad_Registral_Origen ?? '',
        destination: f.destination?.Codigo_Entidad_Registral_Destino ?? '',
        ...(reason === undefined || reason === '' ? {} : { reason }),
      });
      advance(rec, type === '04' ? 'rejected' : 'forwarded');
    },
    list: () => [...byId.values()].map((r) => structuredClone(r)),
    reset() {
      byId = new Map();
    },
  };
}
