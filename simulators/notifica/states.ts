/**
 * Notific@'s `estado` vocabulary (reference §2.8) as the simulator uses it. No source documents
 * the state machine; the scenarios in ./scenarios.ts follow the reference's inferred model.
 */

export const KNOWN_STATES: ReadonlySet<string> = new Set([
  'envio_programado', 'pendiente_envio', 'pendiente_sede', 'pendiente_deh', 'enviado_deh', 'pendiente_cie', 'enviado_ci',
  'entregado_op', 'notificada', 'leida', 'rehusada', 'expirada', 'anulada', 'ausente', 'desconocido', 'direccion_incorrecta',
  'fallecido', 'extraviada', 'error', 'sin_informacion',
]);

/**
 * States after which nothing more happens to an envío. `anulada` is final here (the reference
 * leaves it UNCONFIRMED); `sin_informacion` is not, as notib's `isEstatFinal` has it.
 */
export const FINAL_STATES: ReadonlySet<string> = new Set([
  'notificada', 'leida', 'rehusada', 'expirada', 'anulada', 'ausente', 'desconocido', 'direccion_incorrecta', 'fallecido', 'extraviada', 'error',
]);

/** Final states that come with a certificate (acuse): the recipient or the deadline closed the envío, not the organism. */
export const CERTIFIED_STATES: ReadonlySet<string> = new Set(['notificada', 'leida', 'rehusada', 'expirada']);

/** States reached by the recipient's own act: the callback names who received it. */
export const RECEPTOR_STATES: ReadonlySet<string> = new Set(['notificada', 'leida', 'rehusada']);

export const isFinal = (estado: string): boolean => FINAL_STATES.has(estado);
