import type { ParsedFichero } from '../fichero';
import { filled } from './context';
import { CONTROL, DESTINATION, ORIGIN } from './schema';

/**
 * §10 A: faults that leave no way to build an ERROR message (it needs the exchange id and the
 * two offices to swap): a missing origin, destination or control segment, or an empty or
 * missing destination office or exchange id (plan RC-004, -005, -007, -021, -035). The fichero
 * is refused at the SOAP level and nothing is sent back.
 */
export function dropReasons(f: ParsedFichero): string[] {
  const reasons: string[] = [];
  if (f.origin === undefined) reasons.push(`the fichero lacks ${ORIGIN}`);
  if (f.destination === undefined) reasons.push(`the fichero lacks ${DESTINATION}`);
  else if (filled(f.destination, 'Codigo_Entidad_Registral_Destino') === undefined) reasons.push('Codigo_Entidad_Registral_Destino is missing or empty');
  if (f.control === undefined) reasons.push(`the fichero lacks ${CONTROL}`);
  else if (filled(f.control, 'Identificador_Intercambio') === undefined) reasons.push('Identificador_Intercambio is missing or empty');
  return reasons;
}
