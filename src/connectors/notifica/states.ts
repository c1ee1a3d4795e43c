/**
 * Notific@'s envío states (reference/notifica-carpeta.md §2.8): every `estado` known to notib,
 * and which are final. No source documents a state machine; final means nothing more will
 * happen, so tracking (callbacks, polling) of that envío stops.
 *
 * Choices where the record is silent or inconsistent: `anulada` (our cancellation) is final here,
 * since an envío withdrawn by its sender cannot be delivered any more; `sin_informacion` is not
 * (notib disagrees with itself), so polling keeps asking about it.
 */
export const FINAL_STATES: ReadonlySet<string> = new Set([
  'notificada', 'leida', 'rehusada', 'expirada', 'anulada', 'ausente', 'desconocido', 'direccion_incorrecta', 'fallecido', 'extraviada', 'error',
]);

export const OPEN_STATES: ReadonlySet<string> = new Set([
  'envio_programado', 'pendiente_envio', 'pendiente_sede', 'pendiente_deh', 'enviado_deh', 'pendiente_cie', 'enviado_ci', 'entregado_op', 'sin_informacion',
]);

export function isKnownState(estado: string): boolean {
  return FINAL_STATES.has(estado) || OPEN_STATES.has(estado);
}

export function isFinalState(estado: string): boolean {
  return FINAL_STATES.has(estado);
}

/** The callback's modoNotificacion (§2.7) as the origin words notib uses. */
const CALLBACK_MODES: Readonly<Record<string, string>> = { '1': 'sede', '2': 'funcionario_habilitado', '3': 'postal', '4': 'electronico', '5': 'carpeta' };

export function originOfMode(mode: string | undefined): string | undefined {
  return mode !== undefined && Object.hasOwn(CALLBACK_MODES, mode) ? CALLBACK_MODES[mode] : undefined;
}
