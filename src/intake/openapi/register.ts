import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';
import { buildOpenApiDocument } from './document';
import type { JsonObject } from './types';

export const OPENAPI_PATH = '/openapi.json';
export const DOCS_PREFIX = '/docs';

/**
 * `GET /openapi.json` (the document) and `GET /docs` (swagger-ui over it), both public: they
 * describe the API and disclose no data. Register on the root instance, outside the
 * authenticated /v1 scope.
 *
 * @fastify/swagger runs in `static` mode: it only serves the document it is given and adds no
 * onRoute hook, so no route gains a schema and validation and serialisation of every other
 * route stay as they are. swagger-ui's files are served from node_modules (@fastify/static);
 * the page loads nothing from elsewhere (its online spec validator is off).
 */
export function registerOpenApi(app: FastifyInstance): void {
  const document = buildOpenApiDocument();
  const body = JSON.stringify(document);
  app.get(OPENAPI_PATH, async (_req, reply) => reply.type('application/json; charset=utf-8').send(body));
  app.register(fastifySwagger, { mode: 'static', specification: { document: forSwaggerUi(document) as never } });
  app.register(fastifySwaggerUi, {
    routePrefix: DOCS_PREFIX,
    validatorUrl: false,
    theme: { title: 'pasarela API' },
    uiConfig: { deepLinking: true, defaultModelsExpandDepth: 1 },
  });
}

/**
 * The copy swagger-ui shows (`/docs/json`): the same document without `jsonSchemaDialect`.
 * swagger-ui supports only the OpenAPI default dialect (2020-12 plus OpenAPI's vocabulary, a
 * superset of what our schemas use) and puts a warning atop the page for any other value.
 */
export function forSwaggerUi(document: JsonObject): JsonObject {
  const { jsonSchemaDialect: _dialect, ...rest } = document;
  return rest;
}
