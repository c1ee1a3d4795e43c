import { NOTIFICA_NS } from '../../src/connectors/notifica/remesa';
import { validateRemesa, type ReceivedRemesa } from './alta-validate';
import { CODES, type Operation, type OperationContext } from './context';
import { madridDateTime } from './dates';
import type { EnvioRecord } from './envios';
import { pickScenario } from './scenarios';
import { envioKey } from './stats';
import type { XmlElement } from './xml-read';
import { rootElement, type Node } from './xml-write';

/**
 * `altaRemesaEnvios` (reference §2.1, §4.1): a valid remesa becomes one envío per `envio`, each
 * with a fresh identificador, answered `000` with the identificadores in request order; an
 * invalid one is answered `400` naming its first problem, and nothing is created. A repeated
 * referenciaEmisor still creates a new envío, as the real service would; it only counts as a
 * duplicate in the stats.
 */

const answer = (children: Node[]): string => rootElement('resultadoAltaRemesaEnvios', NOTIFICA_NS.alta, 'not', children);

function refuse(codigo: string, descripcion: string): string {
  return answer([['codigoRespuesta', codigo], ['descripcionRespuesta', descripcion]]);
}

function accepted(remesa: ReceivedRemesa, records: EnvioRecord[], now: Date): string {
  const items: Node[] = records.map((r) => ['item', [['identificador', r.identificador], r.nifTitular === undefined ? undefined : ['nifTitular', r.nifTitular]]]);
  return answer([
    ['codigoRespuesta', CODES.ok],
    ['descripcionRespuesta', 'OK'],
    ['codigoOrganismoEmisor', remesa.organismoEmisor],
    ['fechaCreacion', madridDateTime(now)],
    ['resultadoEnvios', items],
  ]);
}

/** Create the envíos and start their scenarios; with callbackBeforeAnswer, resolve only once each first callback was tried. */
async function create(remesa: ReceivedRemesa, ctx: OperationContext, now: Date): Promise<EnvioRecord[]> {
  const before = ctx.faults().callbackBeforeAnswer;
  const firsts: Promise<void>[] = [];
  const records = remesa.envios.map((envio) => {
    const picked = pickScenario(ctx.rules(), { nif: envio.titular.nif, concepto: remesa.concepto, referenciaEmisor: envio.referenciaEmisor });
    const record = ctx.store.create(remesa, envio, picked.scenario, now);
    ctx.stats.receive(envioKey(envio.referenciaEmisor, remesa.organismoEmisor, envio.titular.nif, remesa.documentHash));
    firsts.push(ctx.driver.start(record, picked.stepDelayMs, before));
    return record;
  });
  if (before) await Promise.all(firsts);
  return records;
}

async function handle(el: XmlElement, ctx: OperationContext): Promise<string> {
  const check = validateRemesa(el);
  if (!check.ok) {
    ctx.stats.rejected();
    ctx.logger.info({ problem: check.problem }, 'Notific@ simulator refused a remesa');
    return refuse(CODES.invalid, check.problem);
  }
  const now = ctx.now();
  const records = await create(check.remesa, ctx, now);
  ctx.logger.info({ envios: records.length, identificadores: records.map((r) => r.identificador) }, 'Notific@ simulator accepted a remesa');
  return accepted(check.remesa, records, now);
}

export const altaRemesaEnvios: Operation = { name: 'altaRemesaEnvios', ns: NOTIFICA_NS.alta, handle, refuse };
