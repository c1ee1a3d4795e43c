import type { ParsedFichero } from '../../src/sir/fichero';
import { buildControlMessage, type ControlMessage } from '../../src/sir/control-message';
import { escapeXml } from '../../transforms/sicres3/xml';

/**
 * The control messages a CIR node sends back for a fichero it accepted (reference/sir-sicres3.md
 * §5, §8), over WS_SIR9 (`envioMensajeDatosControlAAplicacion`). Pure: what to send and its
 * envelope; ./callbacks.ts decides when and retries.
 */

/**
 * What happens after the `00`, chosen by a marker in `De_Asunto/Resumen` (case-insensitive):
 * none: ACK then CONFIRMACION; `[sim:error]`: ERROR 0037 instead of the ACK; `[sim:silent]`:
 * nothing (the sender's ACK time-out); `[sim:ack-only]`: the ACK and no CONFIRMACION;
 * `[sim:reject]`: the ACK, then a RECHAZO (`04`) fichero to the starting office;
 * `[sim:forward]`: the ACK, then a CONFIRMACION from the office the entry was forwarded to;
 * `[sim:return]`: the ACK, then a REENVÍO (`03`) fichero back to the starting office.
 * A REENVÍO or RECHAZO the simulator receives (`Tipo_Anotacion` 03/04) is only ACKed, whatever
 * its summary says.
 */
export type Scenario = 'normal' | 'error' | 'silent' | 'ack-only' | 'reject' | 'forward' | 'return';

const MARKERS: readonly [string, Scenario][] = [
  ['[sim:error]', 'error'], ['[sim:silent]', 'silent'], ['[sim:ack-only]', 'ack-only'],
  ['[sim:reject]', 'reject'], ['[sim:forward]', 'forward'], ['[sim:return]', 'return'],
];

export function scenarioOf(f: ParsedFichero): Scenario {
  const annotation = f.control?.Tipo_Anotacion;
  if (annotation === '03' || annotation === '04') return 'ack-only';
  const summary = (f.subject?.Resumen ?? '').toLowerCase();
  return MARKERS.find(([marker]) => summary.includes(marker))?.[1] ?? 'normal';
}

/** The fields every message for `f` shares: it travels back from the destination office. */
function replyTo(f: ParsedFichero, destinationOffice: string | undefined): Omit<ControlMessage, 'type'> {
  return {
    originOffice: f.destination?.Codigo_Entidad_Registral_Destino ?? '',
    destinationOffice: destinationOffice ?? '',
    exchangeId: f.control?.Identificador_Intercambio ?? '',
    testIndicator: f.control?.Indicador_Prueba === '1' ? '1' : '0',
  };
}

export function ackOf(f: ParsedFichero): ControlMessage {
  return { ...replyTo(f, f.origin?.Codigo_Entidad_Registral_Origen), type: '01', description: 'ACK' };
}

export function errorOf(f: ParsedFichero): ControlMessage {
  return {
    ...replyTo(f, f.origin?.Codigo_Entidad_Registral_Origen),
    type: '02',
    description: 'ERROR EN LA VALIDACION (simulated by [sim:error])',
    errorCode: '0037',
  };
}

/** The CONFIRMACIÓN goes to the office that started the exchange (`Codigo_Entidad_Registral_Inicio`). */
export function confirmationOf(f: ParsedFichero, registryNumber: string, registryDate: string): ControlMessage {
  const start = f.control?.Codigo_Entidad_Registral_Inicio;
  return {
    ...replyTo(f, start !== undefined && start.trim() !== '' ? start : f.origin?.Codigo_Entidad_Registral_Origen),
    type: '03',
    description: 'CONFIRMACION',
    destinationRegistryNumber: registryNumber,
    destinationRegistryDate: registryDate,
  };
}

/**
 * `[sim:forward]`: the entry went on from the destination to `office` inside the simulated
 * network, and that office confirms straight to the starting office (§8.1 flow 2).
 */
export function forwardedConfirmationOf(f: ParsedFichero, office: string, registryNumber: string, registryDate: string): ControlMessage {
  return { ...confirmationOf(f, registryNumber, registryDate), originOffice: office };
}

/** The WS_SIR9 request for one message: SOAP 1.1, document/literal wrapped, unsigned. */
export function wsSir9Envelope(m: ControlMessage): string {
  return '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:impl="http://impl.manager.cct.map.es">'
    + '<soapenv:Body><impl:envioMensajeDatosControlAAplicacion>'
    + `<impl:mensaje>${escapeXml(buildControlMessage(m))}</impl:mensaje><impl:firma></impl:firma>`
    + '</impl:envioMensajeDatosControlAAplicacion></soapenv:Body></soapenv:Envelope>';
}

/** `now` as Madrid wall-clock `yyyyMMddHHmmss` (the project's one SICRES date formatter). */
export { madridStamp as madridDateTime } from '../../transforms/sicres3/dates';

/** The `codigo` of a RespuestaWS answer, whatever its prefix; undefined when there is none. */
export function codigoOf(answer: string): string | undefined {
  return /<(?:[\w.-]+:)?codigo(?:\s[^>]*)?>\s*([^<\s]{1,16})\s*<\//.exec(answer)?.[1];
}
