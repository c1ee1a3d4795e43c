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

/**
 * How far along its life an envío is in each open state, to order two reports of one second
 * (Notific@'s dates have no milliseconds: `pendiente_envio` and `enviado_deh` often share one).
 * Our own reading of the states' names, not a documented machine: scheduled, pending submission,
 * waiting on a channel, handed to a channel, delivered by an operator; `sin_informacion` ranks with
 * the waiting states. Every final state ranks above every open one.
 */
const OPEN_RANK: Readonly<Record<string, number>> = {
  envio_programado: 0, pendiente_envio: 1, pendiente_sede: 2, pendiente_deh: 2, pendiente_cie: 2, sin_informacion: 2, enviado_deh: 3, enviado_ci: 3, entregado_op: 4,
};
const FINAL_RANK = 9;

export function stateRank(estado: string): number {
  if (FINAL_STATES.has(estado)) return FINAL_RANK;
  return Object.hasOwn(OPEN_RANK, estado) ? OPEN_RANK[estado] : 2;
}

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
