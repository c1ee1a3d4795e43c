import { Errors } from '../../core/errors';
import { openApiPath, operation, splitKey } from './paths';
import { ref, type JsonObject, type OperationTable } from './types';

/** The security scheme of Carpeta's pull clients (carpeta.pull.clients), apart from tenant keys. */
export const CARPETA_CLIENT = 'carpetaClient';

export const carpetaClientScheme: JsonObject = {
  type: 'http', scheme: 'bearer', bearerFormat: 'Carpeta client token',
  description: 'The Carpeta pull API only: a token of `carpeta.pull.clients` as `Authorization: Bearer <token>`, never a tenant API key (`401 CARPETA_UNAUTHORIZED`). docs/carpeta.md.',
};

const citizen: JsonObject = {
  name: 'Carpeta-Ciudadano', in: 'header', required: true, schema: { type: 'string', maxLength: 20 },
  description: 'The citizen\'s NIF, NIE or CIF (check character verified). In a header, never the URL: access logs and proxies keep URLs.',
};
const query = (name: string, description: string, schema: JsonObject): JsonObject => ({ name, in: 'query', required: false, schema, description });
const ERRORS = [Errors.CARPETA_UNAUTHORIZED, Errors.CARPETA_NO_CITIZEN, Errors.INTAKE_VALIDATION_FAILED, Errors.INTAKE_UNAVAILABLE];
const NOTE = 'OUR contract, pending the official one: no public specification of Carpeta Ciudadana\'s expedientes integration exists (docs/carpeta.md).';

export const carpetaOperations: OperationTable = {
  'GET /carpeta/v1/expedientes': {
    operationId: 'carpetaListExpedientes',
    tag: 'carpeta',
    summary: 'A citizen\'s expedientes, of every municipality',
    description: `The expedientes the citizen is an interested party of, most recently changed first. ${NOTE}`,
    parameters: [
      citizen,
      query('estado', '`abierto` (not resolved nor closed) or `cerrado`; both when absent.', { type: 'string', enum: ['abierto', 'cerrado'] }),
      query('pagina', 'Page, from 1.', { type: 'integer', minimum: 1, maximum: 100000, default: 1 }),
      query('tamano', 'Page size.', { type: 'integer', minimum: 1, maximum: 100, default: 20 }),
    ],
    responses: { 200: { description: 'The page.', content: { 'application/json': { schema: ref('schemas', 'CarpetaExpedientes') } } } },
    errors: ERRORS,
  },
  'GET /carpeta/v1/expedientes/:id': {
    operationId: 'carpetaGetExpediente',
    tag: 'carpeta',
    summary: 'One expediente with its history',
    description: `Only to one of its interested parties: anyone else gets 404, exactly as for a missing one. ${NOTE}`,
    pathParameters: { id: 'The ENI identifier of the expediente.' },
    parameters: [citizen],
    responses: { 200: { description: 'The expediente.', content: { 'application/json': { schema: ref('schemas', 'CarpetaExpedienteDetail') } } } },
    errors: [...ERRORS, Errors.INTAKE_NOT_FOUND],
  },
};

/** The pull API's `paths`, each operation behind the Carpeta client scheme. */
export function buildCarpetaPaths(table: OperationTable): Record<string, JsonObject> {
  const paths: Record<string, JsonObject> = {};
  for (const [key, spec] of Object.entries(table)) {
    const { method, route } = splitKey(key);
    paths[openApiPath(route)] = { ...paths[openApiPath(route)], [method]: operation(route, spec, undefined, [{ [CARPETA_CLIENT]: [] }]) };
  }
  return paths;
}

const text = (description: string): JsonObject => ({ type: 'string', description });
const nullable = (description: string): JsonObject => ({ type: ['string', 'null'], description });
const item: JsonObject = {
  type: 'object',
  required: ['identificador', 'denominacion', 'codigoSIA', 'procedimiento', 'unidadTramitadoraDIR3', 'organismo', 'fechaInicio', 'fechaUltimaActualizacion', 'estado', 'estadoCodigo', 'fase', 'accionPendiente', 'fechaResolucion', 'fechaCierre', 'url'],
  properties: {
    identificador: text('ENI identifier.'), denominacion: text('Title.'), codigoSIA: text('SIA code of the procedure.'), procedimiento: text('Procedure name.'),
    unidadTramitadoraDIR3: text('Managing unit (DIR3).'), organismo: text('The municipality (tenant DIR3).'), fechaInicio: text('Started.'),
    fechaUltimaActualizacion: text('Last change in the source system.'), estado: text('The state as the portal shows it (Spanish).'),
    estadoCodigo: { type: 'string', enum: ['started', 'in-progress', 'pending-citizen-action', 'resolved', 'closed'] }, fase: nullable('Phase text.'),
    accionPendiente: { type: ['object', 'null'], properties: { descripcion: text('What the citizen must do.'), fechaLimite: nullable('Due date.') } },
    fechaResolucion: nullable('Resolved.'), fechaCierre: nullable('Closed.'), url: text('The expediente in the electronic office.'),
  },
};

export const carpetaSchemas: Record<string, JsonObject> = {
  CarpetaExpediente: item,
  CarpetaExpedientes: {
    type: 'object', required: ['expedientes', 'pagina', 'tamano', 'total'],
    properties: { expedientes: { type: 'array', items: ref('schemas', 'CarpetaExpediente') }, pagina: { type: 'integer' }, tamano: { type: 'integer' }, total: { type: 'integer' } },
  },
  CarpetaExpedienteDetail: {
    allOf: [ref('schemas', 'CarpetaExpediente'), {
      type: 'object', required: ['historial'],
      properties: { historial: { type: 'array', items: { type: 'object', properties: { estado: text('State (Spanish).'), estadoCodigo: text('State code.'), fase: nullable('Phase.'), fecha: text('When.'), secuencia: { type: 'integer' } } } } },
    }],
  },
};

