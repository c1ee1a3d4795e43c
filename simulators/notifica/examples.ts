import { documentHash, type SentEnvio, type SentRemesa } from './requests';

/**
 * A valid remesa with fictitious values (reference §4.1), for the simulator's tests, the demo
 * and chaos scripts: `envios` envíos whose titulares have NIFs `00000001R`, `00000002W`…
 * (check letter right) and, when `referencia` is given, referenciaEmisor `${referencia}-1`, `-2`…
 */

export const EXAMPLE_ORGANISMO = 'L01230505';
export const EXAMPLE_DOCUMENT = Buffer.from('%PDF-1.4\n% documento de ejemplo\n%%EOF', 'utf8');

const DNI_LETTERS = 'TRWAGMYFPDXBNJZSQVHLCKE';

/** A valid DNI for `n` (1..99999999): eight digits and the check letter. */
export function exampleNif(n: number): string {
  return `${String(n).padStart(8, '0')}${DNI_LETTERS[n % 23]}`;
}

export function exampleEnvio(i: number, referencia: string | undefined): SentEnvio {
  return {
    ...(referencia === undefined ? {} : { referenciaEmisor: `${referencia}-${i}` }),
    titular: { nif: exampleNif(i), nombre: 'Persona', apellidos: `Ejemplo ${i}`, email: `persona${i}@example.org` },
    entregaDEH: { obligado: false, codigoProcedimiento: '2081459' },
  };
}

export function exampleRemesa(o: { envios?: number; referencia?: string; tipoEnvio?: 1 | 2; concepto?: string; caducidad?: string } = {}): SentRemesa {
  const count = o.envios ?? 1;
  return {
    organismoEmisor: EXAMPLE_ORGANISMO,
    tipoEnvio: o.tipoEnvio ?? 2,
    concepto: o.concepto ?? 'Resolución licencia de obra menor 2025/123',
    descripcion: 'Notificación de resolución',
    procedimiento: '2081459',
    documento: { contenido: EXAMPLE_DOCUMENT.toString('base64'), hash: documentHash(EXAMPLE_DOCUMENT), normalizado: false, generarCsv: false },
    envios: Array.from({ length: count }, (_, i) => exampleEnvio(i + 1, o.referencia)),
    ...(o.caducidad === undefined ? {} : { caducidad: o.caducidad }),
    retardo: 0,
  };
}
