import { createHash } from 'node:crypto';

/**
 * The certificate (acuse) a final state carries: a tiny PDF-like text, its Base64 SHA-256 (the
 * same hash convention as the document, reference §2.1) and a CSV-like code. Deterministic, so
 * a duplicated callback carries the same acuse.
 */
export interface Acuse {
  /** Base64 of the bytes. */
  contenido: string;
  /** Base64 of the raw SHA-256 of the bytes. */
  hash: string;
  csvResguardo: string;
}

export function acuseOf(identificador: string, estado: string): Acuse {
  const bytes = Buffer.from(`%PDF-1.4\n% acuse ${identificador} ${estado}\n%%EOF`, 'utf8');
  const csv = createHash('sha256').update(`${identificador}:${estado}`).digest('hex').slice(0, 16).toUpperCase();
  return {
    contenido: bytes.toString('base64'),
    hash: createHash('sha256').update(bytes).digest('base64'),
    csvResguardo: `SIM${csv.match(/.{4}/g)?.join('-')}`,
  };
}
