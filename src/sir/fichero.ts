/**
 * A `Fichero_Intercambio_SICRES_3` as read off the wire (reference/sir-sicres3.md §3), before any
 * business rule: each segment is a map from the XSD's own element names to their text. An
 * element that is absent is absent from the map; an empty element (`<Timestamp_Entrada/>`) is
 * `''`. Values are the exact text (entities decoded, CDATA unwrapped, not trimmed), so the
 * reception rules can judge them as the XSD would.
 *
 * Produced by `parseFichero` (./parse-fichero.ts); judged by the reception rules (./reception);
 * mapped to the canonical `registry-entry` by transforms/sicres3-to-registry-entry.ts.
 */
export type Segment = Partial<Record<string, string>>;

export interface ParsedFichero {
  /** `De_Origen_o_Remitente` (1..1); undefined when the segment is missing. */
  origin?: Segment;
  /** `De_Destino` (1..1). */
  destination?: Segment;
  /** `De_Interesado` (1..n): an empty segment is `{}`. Missing altogether: `[]`. */
  interested: Segment[];
  /** `De_Asunto` (1..1). */
  subject?: Segment;
  /** `De_Anexo` (0..n). `Anexo` holds the base64 text as sent. */
  annexes: Segment[];
  /** `De_Internos_Control` (1..1). */
  control?: Segment;
  /** `De_Formulario_Generico` (1..1). */
  form?: Segment;
  /**
   * Structural facts the XSD would reject that a map cannot show: segments out of order,
   * repeated where 1..1, unknown elements (`<segment>/<element>`), elements repeated inside a
   * segment. Empty when the structure is as the XSD says.
   */
  structure: string[];
}
