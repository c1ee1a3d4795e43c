import { ROUTE_SCOPES } from '../route-scopes';
import { problemResponses } from './problems';
import type { JsonObject, OperationSpec, OperationTable } from './types';

/**
 * The `paths` of the document: one operation per ROUTE_SCOPES entry (its scope as
 * `x-required-scope`, in the description and in `security`), plus the public endpoints. Route
 * keys are fastify's (`GET /v1/inbox/:id`); paths are OpenAPI templates (`/v1/inbox/{id}`).
 */

/** The security scheme names of components.securitySchemes. */
export const BEARER = 'apiKey';
export const MUTUAL_TLS = 'mutualTLS';

const PARAM = /:([A-Za-z0-9_]+)/g;

/** `/v1/inbox/:id/accept` → `/v1/inbox/{id}/accept`. */
export function openApiPath(route: string): string {
  return route.replace(PARAM, '{$1}');
}

export function splitKey(key: string): { method: string; route: string } {
  const [method, route, ...rest] = key.split(' ');
  if (!route || rest.length) throw new Error(`Not "<METHOD> <route>": ${key}`);
  return { method: method.toLowerCase(), route };
}

function pathParameters(route: string, spec: OperationSpec): JsonObject[] {
  return [...route.matchAll(PARAM)].map(([, name]) => ({
    name, in: 'path', required: true, schema: { type: 'string' }, description: spec.pathParameters?.[name] ?? name,
  }));
}

/** One operation; `security` replaces the tenant key/certificate requirement (the Carpeta pull API has its own). */
export function operation(route: string, spec: OperationSpec, scope: string | undefined, security?: JsonObject[]): JsonObject {
  const parameters = [...pathParameters(route, spec), ...(spec.parameters ?? [])];
  const scoped = scope === undefined ? spec.description : `${spec.description}\n\nRequired scope: \`${scope}\`.`;
  return {
    operationId: spec.operationId,
    tags: [spec.tag],
    summary: spec.summary,
    description: scoped,
    ...(parameters.length && { parameters }),
    ...(spec.requestBody && { requestBody: spec.requestBody }),
    responses: { ...spec.responses, ...problemResponses(spec.errors) },
    security: security ?? (scope === undefined ? [] : [{ [BEARER]: [scope] }, { [MUTUAL_TLS]: [scope] }]),
    ...(scope !== undefined && { 'x-required-scope': scope }),
  };
}

/**
 * Every tenant route of ROUTE_SCOPES must have an operation in `tenant` and every operation a
 * scope: a route added without its description (or the reverse) fails here, at start-up and in
 * the tests, rather than being served undocumented.
 */
export function buildPaths(tenant: OperationTable, open: OperationTable): JsonObject {
  const missing = Object.keys(ROUTE_SCOPES).filter((k) => !tenant[k]);
  const unscoped = Object.keys(tenant).filter((k) => !ROUTE_SCOPES[k]);
  if (missing.length || unscoped.length) {
    throw new Error(`OpenAPI operations and ROUTE_SCOPES disagree: undocumented ${missing.join(', ') || '-'}; without a scope ${unscoped.join(', ') || '-'}`);
  }
  const paths: Record<string, JsonObject> = {};
  const add = (key: string, spec: OperationSpec, scope: string | undefined) => {
    const { method, route } = splitKey(key);
    const path = openApiPath(route);
    paths[path] = { ...paths[path], [method]: operation(route, spec, scope) };
  };
  for (const [key, scope] of Object.entries(ROUTE_SCOPES)) add(key, tenant[key], scope);
  for (const [key, spec] of Object.entries(open)) add(key, spec, undefined);
  return Object.fromEntries(Object.entries(paths).sort(([a], [b]) => a.localeCompare(b)));
}
