import { readFileSync } from 'node:fs';
import { projectPath } from '../../core/paths';
import { IDEMPOTENCY_KEY_MAX_LENGTH } from '../idempotency';
import { TENANT_SCOPES } from '../../core/scopes';
import { OPERATOR_ROLES } from '../../journal/operations';
import { formatNames } from './bodies';
import { embedSchema, readCanonicalSchema } from './canonical-schemas';
import { ADMIN_TAG, adminErrors, adminMessageOperations, buildAdminPaths, OPERATOR_TOKEN } from './operations-admin';
import { adminReplayOperations } from './operations-admin-replays';
import { inboxOperations } from './operations-inbox';
import { publicOperations } from './operations-public';
import { registryOperations } from './operations-registry';
import { notificationOperations } from './operations-notifications';
import { buildCarpetaPaths, CARPETA_CLIENT, carpetaClientScheme, carpetaOperations, carpetaSchemas } from './operations-carpeta';
import { notificationSchemas } from './schemas-notifications';
import { BEARER, buildPaths, MUTUAL_TLS } from './paths';
import { problemExamples } from './problems';
import { adminSchemas } from './schemas-admin';
import { inboxSchemas } from './schemas-inbox';
import { intakeSchemas } from './schemas-intake';
import type { JsonObject } from './types';

/**
 * The OpenAPI 3.1 description of the intake API, built in code from the project's own sources:
 * the canonical schema files, ROUTE_SCOPES, the error catalog and the adapter registry. Intake's
 * routes carry no fastify schemas (fastify would coerce bodies and strip answers), so this
 * document is the only place the API's shapes are written down for clients.
 */

export const OPENAPI_VERSION = '3.1.1';
export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

interface PackageInfo {
  version: string;
  description: string;
  license: string;
}

function packageInfo(): PackageInfo {
  return JSON.parse(readFileSync(projectPath('package.json'), 'utf8')) as PackageInfo;
}

const headers: JsonObject = {
  Location: { description: 'The message to follow: `/v1/messages/{id}`.', schema: { type: 'string' } },
  IdempotentReplayed: { description: '`true` when the answer repeats an earlier request with the same Idempotency-Key.', schema: { type: 'string', const: 'true' } },
  RetryAfter: { description: 'Seconds to wait before trying again.', schema: { type: 'integer', minimum: 1 } },
};

const parameters: JsonObject = {
  Format: {
    name: 'format', in: 'query', required: false, schema: { type: 'string', enum: formatNames() },
    description: 'The adapter that reads the body, whatever the Content-Type (for clients that can only send application/octet-stream or text/plain). Unknown: `415 INTAKE_UNKNOWN_FORMAT`.',
  },
  Atomic: {
    name: 'atomic', in: 'query', required: false, schema: { type: 'string', enum: ['true', 'false'] },
    description: '`true`: one invalid item refuses the whole batch (400); `false`: the valid items are accepted (207). Default: `intake.batch.atomic` (true).',
  },
  IdempotencyKey: {
    name: 'Idempotency-Key', in: 'header', required: false,
    schema: { type: 'string', minLength: 1, maxLength: IDEMPOTENCY_KEY_MAX_LENGTH },
    description: `1 to ${IDEMPOTENCY_KEY_MAX_LENGTH} visible ASCII characters. Within a tenant a repeated key answers 202 with the original id and current status (\`Idempotent-Replayed: true\`) and publishes nothing; the same key with a different request: \`422 INTAKE_IDEMPOTENCY_KEY_REUSED\`; a key whose first request got 503 is taken as new.`,
  },
};

const securitySchemes: JsonObject = {
  [BEARER]: {
    type: 'http', scheme: 'bearer', bearerFormat: 'pasarela API key',
    description: `An API key (\`pasarela keys create\`) as \`Authorization: Bearer <key>\`. A key belongs to one tenant (a DIR3 code) and holds scopes (${TENANT_SCOPES.map((s) => `\`${s}\``).join(', ')}); each operation names the one it requires.`,
  },
  [MUTUAL_TLS]: {
    type: 'mutualTLS',
    description: 'On a mutual-TLS listener, a trusted client certificate mapped to a tenant, with the same scopes (docs/mtls.md).',
  },
  [CARPETA_CLIENT]: carpetaClientScheme,
  [OPERATOR_TOKEN]: {
    type: 'http', scheme: 'bearer', bearerFormat: 'pasarela operator token (pso_…)',
    description: `The admin API only: an operator token (\`pasarela operators create\`) as \`Authorization: Bearer pso_…\`, never a tenant API key (\`401 ADMIN_INVALID_TOKEN\`). A token holds one role, ${OPERATOR_ROLES.map((r) => `\`${r}\``).join(' < ')}, each allowed what the ones before it are; each operation names the least it requires (a role too low: \`403 ADMIN_FORBIDDEN_ROLE\`). See docs/operators.md.`,
  },
};

const TAGS = [
  { name: 'registry entries', description: 'Posting registry entries in any format an adapter decodes.' },
  { name: 'messages', description: 'Following what was posted.' },
  { name: 'inbox', description: 'Entries SIR brought to the tenant\'s offices, and the answers to them.' },
  { name: 'expedientes', description: 'Changes of expedientes for Carpeta Ciudadana (docs/carpeta.md).' },
  { name: 'carpeta', description: 'Carpeta Ciudadana\'s pull API: a citizen\'s expedientes. Our contract, pending the official one (docs/carpeta.md).' },
  { name: 'notifications', description: 'Notifications to citizens through Notific@: posting, cancelling, extending, certificates (docs/notifica.md).' },
  { name: 'health', description: 'Liveness and readiness; no key needed.' },
  { name: 'documentation', description: 'This description; no key needed.' },
  {
    name: ADMIN_TAG,
    description: 'The operators\' API (docs/operators.md): history, failures and replays of any tenant\'s messages, with operator tokens, not API keys. Served under /admin/v1 on intake\'s listener, or on a listener of its own when `admin.http` is set. A listing refuses a query parameter it does not know, and a body a field it does not know (`400 ADMIN_BAD_REQUEST`, every problem in `errors`).',
  },
];

export function buildOpenApiDocument(): JsonObject {
  const pkg = packageInfo();
  const tenant = { ...registryOperations, ...inboxOperations, ...notificationOperations };
  const admin = { ...adminMessageOperations, ...adminReplayOperations };
  const errors = [...[...Object.values(tenant), ...Object.values(publicOperations), ...Object.values(carpetaOperations)].flatMap((op) => op.errors), ...adminErrors(admin)];
  return {
    openapi: OPENAPI_VERSION,
    jsonSchemaDialect: JSON_SCHEMA_DIALECT,
    info: {
      title: 'pasarela',
      version: pkg.version,
      description: `${pkg.description}.\n\nErrors are \`application/problem+json\` (RFC 9457) with a stable \`code\` from one catalog (src/core/errors.ts); each operation lists the codes it may answer, by status. The registry entry schema is the canonical one (schemas/canonical/registry-entry.v1.json): each field's description names the SICRES 3.0 element it becomes.`,
      license: { name: pkg.license, identifier: pkg.license },
    },
    servers: [{ url: '/', description: 'This pasarela' }],
    tags: TAGS,
    paths: { ...buildPaths(tenant, publicOperations), ...buildCarpetaPaths(carpetaOperations), ...buildAdminPaths(admin) },
    components: {
      schemas: { ...embedSchema('RegistryEntry', readCanonicalSchema('registry-entry.v1.json')), ...embedSchema('Notification', readCanonicalSchema('notification.v1.json')), ...embedSchema('ExpedienteStatus', readCanonicalSchema('expediente-status.v1.json')), ...notificationSchemas, ...carpetaSchemas, ...intakeSchemas, ...inboxSchemas, ...adminSchemas },
      parameters,
      headers,
      examples: problemExamples(errors),
      securitySchemes,
    },
  };
}
