import { randomBytes } from 'node:crypto';
import type { NotificaPersona } from '../../src/connectors/notifica/remesa';
import type { ReceivedEnvio, ReceivedRemesa } from './alta-validate';
import { madridDate, madridDateTime } from './dates';
import type { ScenarioName } from './scenarios';
import { isFinal } from './states';

/** One state an envío went through (a datado). */
export interface EnvioState {
  estado: string;
  /** xs:dateTime with the Madrid offset. */
  fecha: string;
}

/** An envío as `GET /_sim/envios/:identificador` and `sim.envio(id)` show it: no names, no document. */
export interface EnvioView {
  identificador: string;
  organismoEmisor: string;
  tipoEnvio: 1 | 2;
  referenciaEmisor?: string;
  nifTitular?: string;
  scenario: ScenarioName;
  estado: string;
  /** Every state, the creation one first. */
  history: EnvioState[];
  /** YYYY-MM-DD: opcionesRemesa caducidad, moved by ampliarPlazoOE. */
  caducidad?: string;
  /** YYYY-MM-DD in Madrid. */
  createdOn: string;
  final: boolean;
  /** Cancelled by sincronizarEnvioOE (`anulada`). */
  cancelled: boolean;
  /** How many times ampliarPlazoOE extended it. */
  extensions: number;
}

/** The simulator's own record: the view plus the titular, for the callback's receptor. */
export interface EnvioRecord extends EnvioView {
  titular: NotificaPersona;
  postal: boolean;
}

export interface EnvioStore {
  create(remesa: ReceivedRemesa, envio: ReceivedEnvio, scenario: ScenarioName, now: Date): EnvioRecord;
  get(identificador: string): EnvioRecord | undefined;
  /** The latest envío with this referenciaEmisor (and organismo, when given). */
  latestByReferencia(referencia: string, organismo?: string): EnvioRecord | undefined;
  /** Every envío (with this referenciaEmisor, when given), in creation order. */
  list(referencia?: string): EnvioRecord[];
  /** Record a new state; nothing changes once the envío is final. Returns whether it changed. */
  setState(record: EnvioRecord, estado: string, now: Date): boolean;
  reset(): void;
}

/** 20 lower-case hex characters, as Notific@'s identificadores look (reference §2.1, sample `39128285cf121cb00453`). */
export function newIdentificador(): string {
  return randomBytes(10).toString('hex');
}

export function viewOf(r: EnvioRecord): EnvioView {
  const { titular: _titular, postal: _postal, ...view } = r;
  return structuredClone(view);
}

export function createEnvioStore(): EnvioStore {
  let byId = new Map<string, EnvioRecord>();
  return {
    create(remesa, envio, scenario, now) {
      let identificador = newIdentificador();
      while (byId.has(identificador)) identificador = newIdentificador();
      const record: EnvioRecord = {
        identificador,
        organismoEmisor: remesa.organismoEmisor,
        tipoEnvio: remesa.tipoEnvio,
        ...(envio.referenciaEmisor === undefined ? {} : { referenciaEmisor: envio.referenciaEmisor }),
        ...(envio.titular.nif === undefined ? {} : { nifTitular: envio.titular.nif }),
        scenario,
        estado: 'pendiente_envio',
        history: [{ estado: 'pendiente_envio', fecha: madridDateTime(now) }],
        ...(remesa.caducidad === undefined ? {} : { caducidad: remesa.caducidad }),
        createdOn: madridDate(now),
        final: false,
        cancelled: false,
        extensions: 0,
        titular: envio.titular,
        postal: envio.postal,
      };
      byId.set(identificador, record);
      return record;
    },
    get: (identificador) => byId.get(identificador),
    latestByReferencia(referencia, organismo) {
      const matching = [...byId.values()].filter((r) => r.referenciaEmisor === referencia && (organismo === undefined || r.organismoEmisor === organismo));
      return matching.at(-1);
    },
    list: (referencia) => [...byId.values()].filter((r) => referencia === undefined || r.referenciaEmisor === referencia),
    setState(record, estado, now) {
      if (record.final) return false;
      record.estado = estado;
      record.history.push({ estado, fecha: madridDateTime(now) });
      record.final = isFinal(estado);
      if (estado === 'anulada') record.cancelled = true;
      return true;
    },
    reset() {
      byId = new Map();
    },
  };
}
