/**
 * DIR3 codes (directorio común de unidades orgánicas y oficinas) and the SICRES exchange id
 * built from them. Only the shape is checked here; whether a code exists is DIR3's business.
 */

/** An upper-case letter then 8 upper-case letters or digits, e.g. `O00009001`, `L02000023`. */
const DIR3_RE = /^[A-Z][A-Z0-9]{8}$/;

/** `Identificador_Intercambio`: `<DIR3 office>_<yy>_<8 digits>` (sir-sicres3.md §9). */
const EXCHANGE_ID_RE = /^[A-Z][A-Z0-9]{8}_[0-9]{2}_[0-9]{8}$/;

/** SICRES max length of `Identificador_Intercambio`. */
export const MAX_EXCHANGE_ID_LENGTH = 33;

export function isDir3Code(value: unknown): boolean {
  return typeof value === 'string' && DIR3_RE.test(value);
}

export function isExchangeId(value: unknown): boolean {
  return typeof value === 'string' && value.length <= MAX_EXCHANGE_ID_LENGTH && EXCHANGE_ID_RE.test(value);
}

/** The parts of a valid exchange id, or undefined when `value` is not one. */
export function parseExchangeId(value: unknown): { office: string; year: string; sequence: string } | undefined {
  if (!isExchangeId(value)) return undefined;
  const [office, year, sequence] = (value as string).split('_');
  return { office, year, sequence };
}
