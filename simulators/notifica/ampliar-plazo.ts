import { NOTIFICA_NS } from '../../src/connectors/notifica/remesa';
import { CODES, type Operation, type OperationContext } from './context';
import { addDays, toDdMmYyyy } from './dates';
import { child, type XmlElement } from './xml-read';
import { rootElement, type Node } from './xml-write';
import { checkAll, checkList, collapse, type Spec } from './xsd-check';

/**
 * `ampliarPlazoOE` (reference §2.6): extends the expiry of up to 100 envíos by `plazo` days.
 * The call answers `000` whenever it is readable; each envío gets its own `ampliacionPlazo`:
 * `OK` with the new fechaCaducidad (dd/MM/yyyy) for a known, non-final envío of the organism,
 * else `KO` with `codigo` `404` unknown, `403` another organism's, `409` final (simulator
 * conventions). The base is the envío's caducidad or, without one, its creation day plus
 * {@link DEFAULT_EXPIRY_DAYS}. AmpliacionPlazo is an xs:all of five mandatory elements, so every
 * item carries all five (`codigo` `000` and an empty mensajeError on OK, an empty fechaCaducidad on KO).
 */

/** The simulator's expiry of an envío sent without `caducidad`: 10 days, the DEH access period of Law 39/2015 art. 43.2. */
export const DEFAULT_EXPIRY_DAYS = 10;
/** Longest extension accepted, in days. */
const MAX_PLAZO_DAYS = 3650;

const SPEC: Spec = {
  envios: { required: true, complex: true },
  organismoEmisor: { required: true, collapse: true },
  plazo: {
    required: true,
    collapse: true,
    check: (t) => (/^\d{1,4}$/.test(t) && Number(t) >= 1 && Number(t) <= MAX_PLAZO_DAYS ? undefined : `debe ser un número de días de 1 a ${MAX_PLAZO_DAYS}`),
  },
  motivo: { required: true, check: (t) => (t.trim() === '' ? 'no puede estar vacío' : undefined) },
};

const answer = (children: Node[]): string => rootElement('respuestaAmpliarPlazoOE', NOTIFICA_NS.ampliarPlazo, 'ap', children);

function refuse(codigo: string, descripcion: string): string {
  return answer([['codigoRespuesta', codigo], ['descripcionRespuesta', descripcion]]);
}

interface Outcome {
  estado: 'OK' | 'KO';
  identificador: string;
  fechaCaducidad: string;
  mensajeError: string;
  codigo: string;
}

const ko = (identificador: string, codigo: string, mensajeError: string): Outcome => ({ estado: 'KO', identificador, fechaCaducidad: '', mensajeError, codigo });

function extend(identificador: string, organismo: string, days: number, ctx: OperationContext): Outcome {
  const r = ctx.store.get(identificador);
  if (r === undefined) return ko(identificador, CODES.notFound, 'Envío no encontrado');
  if (r.organismoEmisor !== organismo) return ko(identificador, CODES.forbidden, 'El envío no es del organismo emisor');
  if (r.final) return ko(identificador, CODES.final, 'Envío en estado final');
  r.caducidad = addDays(r.caducidad ?? addDays(r.createdOn, DEFAULT_EXPIRY_DAYS), days);
  r.extensions++;
  return { estado: 'OK', identificador, fechaCaducidad: toDdMmYyyy(r.caducidad), mensajeError: '', codigo: CODES.ok };
}

function handle(el: XmlElement, ctx: OperationContext): string {
  const envios = child(el, 'envios');
  const problem = checkAll(el, SPEC, '') ?? (envios && checkList(envios, 'identificador', 1, 100, 'envios'));
  if (problem !== undefined || envios === undefined) return refuse(CODES.invalid, problem ?? 'envios: falta el elemento obligatorio');
  const organismo = collapse(child(el, 'organismoEmisor')?.text ?? '');
  const days = Number(collapse(child(el, 'plazo')?.text ?? ''));
  const outcomes = envios.children.map((c) => extend(collapse(c.text), organismo, days, ctx));
  ctx.logger.info({ envios: outcomes.length, ok: outcomes.filter((o) => o.estado === 'OK').length }, 'Notific@ simulator extended expiries');
  const items: Node[] = outcomes.map((o) => ['ampliacionPlazo', [
    ['estado', o.estado], ['identificador', o.identificador], ['fechaCaducidad', o.fechaCaducidad], ['mensajeError', o.mensajeError], ['codigo', o.codigo],
  ]]);
  return answer([['codigoRespuesta', CODES.ok], ['descripcionRespuesta', 'OK'], ['ampliacionesPlazo', items]]);
}

export const ampliarPlazoOE: Operation = { name: 'ampliarPlazoOE', ns: NOTIFICA_NS.ampliarPlazo, handle, refuse };
