import { NOTIFICA_NS } from '../../src/connectors/notifica/remesa';
import { acuseOf } from './acuse';
import { CODES, type Operation, type OperationContext } from './context';
import type { EnvioRecord } from './envios';
import { CERTIFIED_STATES, RECEPTOR_STATES } from './states';
import { child, textOf, type XmlElement } from './xml-read';
import { rootElement, type Node } from './xml-write';
import { checkAll, checkList, collapse, oneOf, type Spec } from './xsd-check';

/**
 * `infoEnvioLigero` (reference §2.4, §4.3): the state of one envío, looked up by identificador
 * or by referenciaEmisor (the latest envío with it, optionally within codigoDir3), with its
 * datados from nivelDetalle 2 and its certificate at nivelDetalle 3 once it has one. Unknown:
 * `404` `Envío no encontrado` (a simulator convention).
 */

const SPEC: Spec = {
  identificador: { collapse: true },
  referenciaEmisor: {},
  codigoDir3: { collapse: true },
  nivelDetalle: { required: true, collapse: true, check: oneOf('1', '2', '3') },
  opcionesInfoEnvioLigero: { complex: true },
};

const answer = (children: Node[]): string => rootElement('respuestaInfoEnvioLigero', NOTIFICA_NS.infoLigero, 'iel', children);

function refuse(codigo: string, descripcion: string): string {
  return answer([['codigoRespuesta', codigo], ['descripcionRespuesta', descripcion]]);
}

/** `origen` of datados and certificate, in notib's vocabulary for modoNotificacion (reference §2.7). */
const origenOf = (r: EnvioRecord): string => (r.scenario === 'postal' ? 'postal' : 'electronico');

function datados(r: EnvioRecord): Node {
  const nombre = r.titular.razonSocial ?? [r.titular.nombre, r.titular.apellidos].filter(Boolean).join(' ');
  return ['datados', r.history.map((s): Node => ['datado', [
    ['fecha', s.fecha],
    ['resultado', s.estado],
    ['origen', origenOf(r)],
    RECEPTOR_STATES.has(s.estado) ? ['nombreReceptor', nombre] : undefined,
    RECEPTOR_STATES.has(s.estado) && r.titular.nif !== undefined ? ['nifReceptor', r.titular.nif] : undefined,
  ]])];
}

function certificacion(r: EnvioRecord): Node {
  const certified = r.final ? [...r.history].reverse().find((s) => CERTIFIED_STATES.has(s.estado)) : undefined;
  if (certified === undefined) return undefined;
  const acuse = acuseOf(r.identificador, certified.estado);
  return ['certificacion', [
    ['acusePDF', [['contenido', acuse.contenido], ['hash', acuse.hash], ['csv', acuse.csvResguardo]]],
    ['fechaCertificacion', certified.fecha],
    ['origen', origenOf(r)],
  ]];
}

function lookup(el: XmlElement, ctx: OperationContext): EnvioRecord | undefined {
  const identificador = textOf(el, 'identificador');
  const dir3 = textOf(el, 'codigoDir3');
  const organismo = dir3 === undefined ? undefined : collapse(dir3);
  if (identificador !== undefined) {
    const r = ctx.store.get(collapse(identificador));
    return r !== undefined && (organismo === undefined || r.organismoEmisor === organismo) ? r : undefined;
  }
  return ctx.store.latestByReferencia(textOf(el, 'referenciaEmisor') ?? '', organismo);
}

function handle(el: XmlElement, ctx: OperationContext): string {
  const opciones = child(el, 'opcionesInfoEnvioLigero');
  const problem = checkAll(el, SPEC, '') ?? (opciones && checkList(opciones, 'opcion', 1, 100, 'opcionesInfoEnvioLigero'));
  if (problem !== undefined) return refuse(CODES.invalid, problem);
  if (child(el, 'identificador') === undefined && child(el, 'referenciaEmisor') === undefined) {
    return refuse(CODES.invalid, 'identificador: falta identificador o referenciaEmisor');
  }
  const r = lookup(el, ctx);
  if (r === undefined) return refuse(CODES.notFound, 'Envío no encontrado');
  const nivel = Number(collapse(textOf(el, 'nivelDetalle') ?? '1'));
  return answer([
    ['codigoRespuesta', CODES.ok],
    ['descripcionRespuesta', 'OK'],
    ['identificador', r.identificador],
    ['estado', r.estado],
    nivel >= 2 ? datados(r) : undefined,
    nivel >= 3 ? certificacion(r) : undefined,
  ]);
}

export const infoEnvioLigero: Operation = { name: 'infoEnvioLigero', ns: NOTIFICA_NS.infoLigero, handle, refuse };
