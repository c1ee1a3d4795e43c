import type { JsonObject } from './types';

/** Bodies and answers of the notification endpoints, and the `notification` block of the message view. */

const nullable = (type: string, description: string): JsonObject => ({ type: [type, 'null'], description });
const reason: JsonObject = { type: 'string', minLength: 1, maxLength: 255, description: 'Sent to Notific@ as `motivo`; one line.' };

const NotificationCancelRequest: JsonObject = {
  type: 'object', additionalProperties: false, required: ['reason'], properties: { reason },
};

const NotificationExtendRequest: JsonObject = {
  type: 'object', additionalProperties: false, required: ['days', 'reason'],
  properties: { days: { type: 'integer', minimum: 1, maximum: 365, description: 'Days to add to the expiry (plazo).' }, reason },
};

const NotificationActionAnswer: JsonObject = {
  type: 'object', required: ['id', 'envios'],
  properties: {
    id: { type: 'string' },
    envios: {
      type: 'array',
      items: {
        type: 'object', required: ['identificador', 'recipient', 'ok', 'state'],
        properties: {
          identificador: { type: 'string' },
          recipient: { type: 'integer', minimum: 1, description: 'Position of the recipient in the notification, from 1.' },
          ok: { type: 'boolean', description: 'Notific@ did it for this envío.' },
          state: nullable('string', 'The envío\'s state after the action.'),
          expiresOn: { type: 'string', format: 'date', description: 'Extend: the new expiry date.' },
          error: { type: 'object', properties: { code: { type: 'string' }, detail: { type: 'string' } }, description: 'Why Notific@ did not.' },
        },
      },
    },
  },
};

const NotificationEnvio: JsonObject = {
  type: 'object',
  required: ['identificador', 'recipient', 'reference', 'state', 'stateAt', 'final', 'origin', 'receptor', 'expiresOn', 'certificate'],
  properties: {
    identificador: { type: 'string', description: "Notific@'s id of the envío." },
    recipient: { type: 'integer', minimum: 1, description: 'Position of its recipient in the notification, from 1.' },
    reference: { type: 'string', description: 'The referenciaEmisor pasarela gave it.' },
    state: nullable('string', "Notific@'s estado (pendiente_envio, enviado_deh, notificada, leida, rehusada, expirada, anulada…); null before the first report."),
    stateAt: nullable('string', 'fechaEstado of that state.'),
    final: { type: 'boolean', description: 'Nothing more will happen to it.' },
    origin: nullable('string', 'Where it happened: electronico, sede, postal, carpeta, funcionario_habilitado.'),
    receptor: {
      type: ['object', 'null'], description: 'Who accessed or received it, as Notific@ reported.',
      properties: { nif: { type: 'string' }, name: { type: 'string' }, link: { type: 'string', description: 'vinculoReceptor: 1 titular, 2 destinatario, 3 apoderado, 4 otros.' } },
    },
    expiresOn: nullable('string', 'Expiry date Notific@ confirmed after an extension.'),
    certificate: {
      type: ['object', 'null'], description: 'The acuse, once Notific@ certified the envío.',
      properties: { sha256: { type: 'string' }, csv: { type: ['string', 'null'] }, at: { type: ['string', 'null'] }, url: { type: 'string', description: 'Where to download it.' } },
    },
  },
};

const NotificationState: JsonObject = {
  type: ['object', 'null'],
  description: 'Notifications only: the state of each envío in Notific@; null until Notific@ took it.',
  required: ['closed', 'envios'],
  properties: {
    closed: { type: 'boolean', description: 'Every envío reached a final state.' },
    envios: { type: 'array', items: { $ref: '#/components/schemas/NotificationEnvio' } },
  },
};

export const notificationSchemas: Record<string, JsonObject> = {
  NotificationCancelRequest, NotificationExtendRequest, NotificationActionAnswer, NotificationEnvio, NotificationState,
};
