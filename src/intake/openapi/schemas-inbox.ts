import { defComponentName } from './canonical-schemas';
import { ref, type JsonObject } from './types';

/**
 * Components for the inbox (inbox.ts, inbox-accept.ts, inbox-hop.ts) and for /healthz and
 * /readyz (health.ts). Inbox requests reuse the canonical DIR3 code of the registry entry schema.
 */

const text = (description: string): JsonObject => ({ type: 'string', description });
const nullable = (description: string): JsonObject => ({ type: ['string', 'null'], description });
const dateTime = (description: string): JsonObject => ({ type: 'string', format: 'date-time', description });
const dir3 = (description: string): JsonObject => ({ ...ref('schemas', defComponentName('RegistryEntry', 'dir3Code')), description });
const reason: JsonObject = { type: 'string', minLength: 1, maxLength: 80, description: 'Why: Descripcion_Tipo_Anotacion of the fichero sent on (1 to 80 characters, not blank).' };

const InboxItem: JsonObject = {
  type: 'object',
  description: 'A registry entry SIR brought to one of the tenant\'s offices (WS_SIR8_B).',
  required: ['id', 'exchangeId', 'state', 'from', 'originRegistryNumber', 'summary', 'receivedAt', 'updatedAt'],
  properties: {
    id: { type: ['string', 'null'], description: 'The message id of the entry (`GET /v1/inbox/{id}`).' },
    exchangeId: text('Identificador_Intercambio.'),
    state: text('received, accepted, rejected, rejected-ack, rejected-error, forwarded, forwarded-ack, forwarded-error…'),
    from: nullable('DIR3 code of the origin office (De_Origen_o_Remitente/Codigo_Entidad_Registral_Origen).'),
    originRegistryNumber: nullable('Registry number in origin (Numero_Registro_Entrada).'),
    summary: nullable('De_Asunto/Resumen.'),
    receivedAt: dateTime('When it arrived.'),
    updatedAt: dateTime('Last change.'),
  },
};

const InboxEntry: JsonObject = {
  description: 'One inbox entry with the canonical registry entry, annexes included.',
  allOf: [
    ref('schemas', 'InboxItem'),
    { type: 'object', required: ['entry'], properties: { entry: ref('schemas', 'RegistryEntry') } },
  ],
};

const InboxList: JsonObject = {
  type: 'object',
  description: 'The tenant\'s received entries, newest first (at most 100).',
  required: ['items'],
  properties: { items: { type: 'array', items: ref('schemas', 'InboxItem') } },
};

const InboxAcceptRequest: JsonObject = {
  type: 'object',
  required: ['registryNumber'],
  properties: {
    registryNumber: { type: 'string', minLength: 1, maxLength: 20, description: 'The number the municipality gave the entry in its own registry book.' },
    registryDate: dateTime('When it was registered (RFC 3339 with offset); now when absent.'),
  },
};

const InboxAccepted: JsonObject = {
  type: 'object',
  description: 'The entry is `accepted`; a CONFIRMACIÓN with this number and date is queued to the starting office.',
  required: ['id', 'exchangeId', 'state', 'registryNumber', 'registryDate'],
  properties: {
    id: text('The message id.'),
    exchangeId: text('Identificador_Intercambio.'),
    state: { const: 'accepted' },
    registryNumber: text('As sent.'),
    registryDate: { type: 'string', pattern: '^[0-9]{14}$', description: 'As SICRES carries it: yyyyMMddHHmmss, Europe/Madrid.' },
  },
};

const InboxRejectRequest: JsonObject = { type: 'object', required: ['reason'], properties: { reason } };

const InboxForwardRequest: JsonObject = {
  type: 'object',
  required: ['office', 'reason'],
  properties: {
    office: dir3('DIR3 code of the registry office it goes to (not the one it is at).'),
    unit: dir3('DIR3 code of the unit there.'),
    reason,
  },
};

const InboxHopAnswer: JsonObject = {
  type: 'object',
  description: 'The RECHAZO or REENVÍO is queued as a `sir-fichero` message: `GET /v1/messages/{sentAs}` follows it.',
  required: ['id', 'exchangeId', 'state', 'sentAs'],
  properties: {
    id: text('The message id of the inbox entry.'),
    exchangeId: text('Identificador_Intercambio (unchanged).'),
    state: { enum: ['rejected', 'forwarded'] },
    sentAs: text('The message id of the fichero sent on.'),
  },
};

const up = { enum: ['up', 'down'] };

const Health: JsonObject = { type: 'object', required: ['status'], properties: { status: { const: 'ok' } } };

const Readiness: JsonObject = {
  type: 'object',
  required: ['status', 'checks', 'routes'],
  properties: {
    status: { enum: ['ready', 'not-ready', 'stopping'] },
    checks: { type: 'object', required: ['broker', 'journal'], properties: { broker: up, journal: up } },
    routes: {
      type: 'array',
      items: {
        type: 'object',
        required: ['route', 'depth'],
        properties: {
          route: text('Route name.'),
          breaker: {
            type: 'object',
            description: 'Only in processes that run workers.',
            properties: { state: { enum: ['closed', 'open', 'half-open'] }, failures: { type: 'integer', minimum: 0 }, since: dateTime('Last change.') },
          },
          depth: {
            type: ['object', 'null'],
            description: 'Ready messages per queue; null when the broker did not tell in time.',
            properties: { work: { type: 'integer' }, retry: { type: 'integer' }, dead: { type: 'integer' } },
          },
        },
      },
    },
  },
};

export const inboxSchemas: Record<string, JsonObject> = {
  InboxItem, InboxEntry, InboxList, InboxAcceptRequest, InboxAccepted, InboxRejectRequest, InboxForwardRequest, InboxHopAnswer, Health, Readiness,
};
