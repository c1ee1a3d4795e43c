import { NOTIFICA_NS } from '../../src/connectors/notifica/remesa';
import { acuseOf } from './acuse';
import type { EnvioRecord, EnvioState } from './envios';
import { CERTIFIED_STATES, RECEPTOR_STATES } from './states';
import { child, readXml, textOf, XmlRefused } from './xml-read';
import { envelope, escapeXml, rootElement, SOAP11_NS, type Node } from './xml-write';

/**
 * The callback Notific@ sends the organism on each state change: AdviserWsV2
 * `sincronizarEnvio` (reference §2.7, adviser.xsd), children in xs:sequence order. With
 * `unqualified` the wrapper keeps its namespace and the children carry none, as RPC-style
 * endpoints put them on the wire (reference §2.7 "Wire-format warning").
 */

export type CallbackStyle = 'qualified' | 'unqualified';

/** `modoNotificacion` (adviser numbering): 3 postal, 4 DEH. */
const MODO_POSTAL = '3';
const MODO_DEH = '4';
/** `tipoEntrega` (adviser numbering, unlike sincronizarEnvioOE's): 1 datado, 2 datado y certificación. */
const DATADO = '1';
const DATADO_Y_CERTIFICACION = '2';

function nombreOf(r: EnvioRecord): string {
  const t = r.titular;
  return t.razonSocial ?? [t.nombre, t.apellidos].filter((s) => s !== undefined && s !== '').join(' ');
}

export function modoOf(r: EnvioRecord): string {
  return r.scenario === 'postal' ? MODO_POSTAL : MODO_DEH;
}

/** The sincronizarEnvio children for one state, in xs:sequence order. */
export function callbackChildren(r: EnvioRecord, state: EnvioState): Node[] {
  const certified = CERTIFIED_STATES.has(state.estado);
  const acuse = certified ? acuseOf(r.identificador, state.estado) : undefined;
  return [
    ['organismoEmisor', r.organismoEmisor],
    ['identificador', r.identificador],
    ['tipoEntrega', certified ? DATADO_Y_CERTIFICACION : DATADO],
    ['modoNotificacion', modoOf(r)],
    ['estado', state.estado],
    ['fechaEstado', state.fecha],
    RECEPTOR_STATES.has(state.estado) ? ['receptor', [['nifReceptor', r.titular.nif ?? r.titular.codigoDestino ?? ''], ['nombreReceptor', nombreOf(r)], ['vinculoReceptor', '1']]] : undefined,
    acuse ? ['acusePDF', [['contenido', acuse.contenido], ['hash', acuse.hash], ['csvResguardo', acuse.csvResguardo]]] : undefined,
  ];
}

/** The whole SOAP request; `apiKey`, when set, goes in a `v2:apiKey` header as on the requests to Notific@. */
export function callbackEnvelope(r: EnvioRecord, state: EnvioState, style: CallbackStyle, apiKey?: string): string {
  const header = apiKey === undefined ? '' : `<v2:apiKey xmlns:v2="${NOTIFICA_NS.v2}">${escapeXml(apiKey)}</v2:apiKey>`;
  return envelope(rootElement('sincronizarEnvio', NOTIFICA_NS.adviser, 'sin', callbackChildren(r, state), style === 'qualified'), header);
}

/** A `resultadoSincronizarEnvio` is a few hundred bytes. */
const ANSWER_LIMITS = { maxBytes: 64 * 1024, maxDepth: 16, maxTags: 500 };

/** The `codigoRespuesta` of pasarela's answer, any prefix; undefined when the answer is not one. */
export function codigoRespuestaOf(answer: string): string | undefined {
  try {
    const root = readXml(answer, ANSWER_LIMITS);
    if (root.name !== 'Envelope' || root.ns !== SOAP11_NS) return undefined;
    const result = child(root, 'Body')?.children[0];
    return result?.name === 'resultadoSincronizarEnvio' ? textOf(result, 'codigoRespuesta')?.trim() : undefined;
  } catch (e) {
    if (e instanceof XmlRefused) return undefined;
    throw e;
  }
}
