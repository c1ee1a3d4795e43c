/**
 * SICRES 3 code lists the reception rules check (reference/sir-sicres3.md §3.1) beyond the three
 * the XSD itself enumerates (those are in ./schema.ts).
 */
export const TRANSPORT_TYPES = ['01', '02', '03', '04', '05', '06', '07'] as const;
/**
 * Tipo_Anotacion a received fichero may carry: envío, reenvío, rechazo. `01` (pendiente) exists
 * in both implementations' enums but is never sent, and the Ministry's reception plan lists
 * only these three as valid.
 */
export const ANNOTATION_TYPES = ['02', '03', '04'] as const;
export const DOCUMENT_VALIDITY = ['01', '02', '03', '04'] as const;
export const ANNEX_DOCUMENT_TYPES = ['01', '02', '03'] as const;
export const IDENTITY_DOCUMENT_TYPES = ['N', 'C', 'P', 'E', 'X', 'O'] as const;
export const PREFERRED_CHANNELS = ['01', '02', '03'] as const;
/** Tipo_Registro `0`: entrada; `1`: salida. */
export const REGISTRY_OUTGOING = '1';
/** Pais code of Spain (INE). */
export const SPAIN = '724';

export function inList(list: readonly string[], value: string): boolean {
  return list.includes(value);
}
