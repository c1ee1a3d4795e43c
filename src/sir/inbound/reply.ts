import type { ControlMessage } from '../control-message';
import type { ParsedFichero } from '../fichero';
import type { ControlSender } from './control-sender';

/** Our control message to a fichero's sender: origin and destination swapped (§5). */
export function controlFor(f: ParsedFichero, m: Partial<ControlMessage> & Pick<ControlMessage, 'type'>): ControlMessage {
  return {
    originOffice: f.destination?.Codigo_Entidad_Registral_Destino ?? '',
    destinationOffice: f.origin?.Codigo_Entidad_Registral_Origen ?? '',
    exchangeId: f.control?.Identificador_Intercambio ?? '',
    testIndicator: f.control?.Indicador_Prueba === '1' ? '1' : '0',
    ...m,
  };
}

/** ERROR `code` to the fichero's sender; the same code and text answer the CIR's call. */
export async function replyError(sender: ControlSender, f: ParsedFichero, code: string, description: string): Promise<{ codigo: string; descripcion: string }> {
  const text = description.slice(0, 1000);
  await sender.send(controlFor(f, { type: '02', errorCode: code, description: text }));
  return { codigo: code, descripcion: text };
}
