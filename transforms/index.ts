import type { Transform } from '../src/core/plugin';
import { notificationToNotifica } from './notification-to-notifica';
import { registryEntryToSicres3 } from './registry-entry-to-sicres3';
import { sirFicheroPassthrough } from './sir-fichero-passthrough';
import { sirControlPassthrough } from './sir-control-passthrough';
import { sirRelayPassthrough } from './sir-relay-passthrough';
import { tenantEventToWebhook } from './tenant-event-to-webhook';
import { expedienteStatusToProjection } from './expediente-status-to-projection';
import { expedienteStatusToCarpeta } from './expediente-status-to-carpeta';

/** Explicit registry of transforms a route may name, keyed by `name`: one line each. */
export const transforms: Record<string, Transform<any, any>> = {
  [registryEntryToSicres3.name]: registryEntryToSicres3,
  [sirFicheroPassthrough.name]: sirFicheroPassthrough,
  [sirControlPassthrough.name]: sirControlPassthrough,
  [sirRelayPassthrough.name]: sirRelayPassthrough,
  [tenantEventToWebhook.name]: tenantEventToWebhook,
  [expedienteStatusToProjection.name]: expedienteStatusToProjection,
  [expedienteStatusToCarpeta.name]: expedienteStatusToCarpeta,
  [notificationToNotifica.name]: notificationToNotifica,
};

/** The transform called `name`, or `undefined` (the route loader reports unknown names). */
export function getTransform(name: string): Transform<any, any> | undefined {
  return Object.prototype.hasOwnProperty.call(transforms, name) ? transforms[name] : undefined;
}

export type { SicresFichero } from './registry-entry-to-sicres3';
export type { SirFicheroPayload, AnnotationCode } from './sir-fichero-passthrough';
export type { SirRelayPayload } from './sir-relay-passthrough';
