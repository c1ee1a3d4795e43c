import { NOTIFICA_NS } from '../../src/connectors/notifica/remesa';
import { CODES, type Operation, type OperationContext } from './context';
import { isDateTime } from './dates';
import { KNOWN_STATES } from './states';
import { child, textOf, type XmlElement } from './xml-read';
import { rootElement, type Node } from './xml-write';
import { at, checkList, checkSequence, collapse, oneOf, type Spec } from './xsd-check';

/**
 * `sincronizarEnvioOE` (reference §2.5, §4.4): the organism pushes a state, in practice
 * `anulada` to cancel. The request is an xs:sequence, so order is checked. A known, non-final
 * envío of the same organism takes the state and is answered `200` (the operation's success
 * code); the change is then called back like any other. Refusals (simulator conventions): `400`
 * unreadable request, `403` another organism's envío, `404` unknown, `409` already final.
 */

const ORDER = [
  'organismoEmisor', 'identificador', 'tipoEntrega', 'modoNotificacion', 'estado', 'fechaEstado',
  'motivo', 'receptor', 'acusePDF', 'acuseXML', 'opcionesSincronizarEnvioOE',
] as const;

const SPEC: Spec = {
  organismoEmisor: { required: true, collapse: true },
  identificador: { required: true, collapse: true },
  // sincronizarEnvioOE's own numbering: tipoEntrega 1 datado, 2 certificación, 3 both; modoNotificacion 1..4.
  tipoEntrega: { required: true, collapse: true, check: oneOf('1', '2', '3') },
  modoNotificacion: { required: true, collapse: true, check: oneOf('1', '2', '3', '4') },
  estado: { required: true, collapse: true, check: (t) => (KNOWN_STATES.has(t) ? undefined : 'estado desconocido') },
  fechaEstado: { required: true, collapse: true, check: (t) => (isDateTime(t) ? undefined : 'no es un xs:dateTime') },
  motivo: {},
  receptor: { complex: true },
  acusePDF: { complex: true },
  acuseXML: { complex: true },
  opcionesSincronizarEnvioOE: { complex: true },
};

const RECEPTOR_ORDER = ['nifReceptor', 'nombreReceptor', 'vinculoReceptor', 'csvRepresentante', 'nifRepresentante', 'nombreRepresentante'] as const;
const RECEPTOR: Spec = {
  nifReceptor: { required: true },
  nombreReceptor: { required: true },
  vinculoReceptor: { required: true, collapse: true, check: oneOf('1', '2', '3', '4', '5') },
  csvRepresentante: {},
  nifRepresentante: {},
  nombreRepresentante: {},
};

const ACUSE_ORDER = ['contenido', 'hash', 'referenciaPdfAcuse'] as const;
const ACUSE: Spec = { contenido: { required: true }, hash: { required: true }, referenciaPdfAcuse: {} };

const answer = (children: Node[]): string => rootElement('respuestaSincronizarEnvioOE', NOTIFICA_NS.sincronizarOE, 'act', children);

function refuse(codigo: string, descripcion: string): string {
  return answer([['codigoRespuesta', codigo], ['descripcionRespuesta', descripcion]]);
}

function checkRequest(el: XmlElement): string | undefined {
  const part = (name: string, order: readonly string[], spec: Spec): string | undefined => {
    const c = child(el, name);
    return c && checkSequence(c, order, spec, at('', name));
  };
  const opciones = child(el, 'opcionesSincronizarEnvioOE');
  return checkSequence(el, ORDER, SPEC, '')
    ?? part('receptor', RECEPTOR_ORDER, RECEPTOR)
    ?? part('acusePDF', ACUSE_ORDER, ACUSE)
    ?? part('acuseXML', ACUSE_ORDER, ACUSE)
    ?? (opciones && checkList(opciones, 'opcion', 1, 100, 'opcionesSincronizarEnvioOE'));
}

function handle(el: XmlElement, ctx: OperationContext): string {
  const problem = checkRequest(el);
  if (problem !== undefined) return refuse(CODES.invalid, problem);
  const identificador = collapse(textOf(el, 'identificador') ?? '');
  const r = ctx.store.get(identificador);
  if (r === undefined) return refuse(CODES.notFound, 'Envío no encontrado');
  if (r.organismoEmisor !== collapse(textOf(el, 'organismoEmisor') ?? '')) return refuse(CODES.forbidden, 'El envío no es del organismo emisor');
  if (r.final) return refuse(CODES.final, 'Envío en estado final');
  const estado = collapse(textOf(el, 'estado') ?? '');
  ctx.driver.push(r, estado);
  ctx.logger.info({ identificador, estado }, 'Notific@ simulator took a state from the organism');
  const state = r.history[r.history.length - 1];
  return answer([['codigoRespuesta', CODES.syncOk], ['descripcionRespuesta', 'OK'], ['estado', state.estado], ['fechaEstado', state.fecha]]);
}

export const sincronizarEnvioOE: Operation = { name: 'sincronizarEnvioOE', ns: NOTIFICA_NS.sincronizarOE, handle, refuse };
