import { NOTIFICA_NS } from '../../src/connectors/notifica/remesa';
import { altaRemesaEnvios } from './alta';
import { ampliarPlazoOE } from './ampliar-plazo';
import type { Operation } from './context';
import { infoEnvioLigero } from './info-ligero';
import { sincronizarEnvioOE } from './sincronizar-oe';

/** The simulated endpoints (reference §1.1) and the operations each one serves, dispatched by the Body element's local name. */
export interface Endpoint {
  path: string;
  /** Service name and target namespace for the `?wsdl` probe. */
  service: string;
  tns: string;
  operations: readonly Operation[];
}

export const NOTIFICA_WS_PATH = '/ws/notificaWsV21';
export const SINCRONIZAR_WS_PATH = '/ws/sincronizarEnvioWs';

export const ENDPOINTS: readonly Endpoint[] = [
  { path: NOTIFICA_WS_PATH, service: 'NotificaWsV2', tns: NOTIFICA_NS.v2, operations: [altaRemesaEnvios] },
  {
    path: SINCRONIZAR_WS_PATH,
    service: 'SincronizarEnvioWs',
    tns: 'http://administracionelectronica.gob.es/notifica/ws/sincronizarenvio/1.0/',
    operations: [infoEnvioLigero, sincronizarEnvioOE, ampliarPlazoOE],
  },
];
