import type { ErrorDef } from '../../core/errors';

/** A JSON value as the OpenAPI document holds it (plain data: it is served as JSON). */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json | undefined };
export type JsonObject = { [key: string]: Json | undefined };

/** A `$ref` to a component of the document. */
export function ref(kind: 'schemas' | 'parameters' | 'headers' | 'examples', name: string): JsonObject {
  return { $ref: `#/components/${kind}/${name}` };
}

/**
 * One endpoint as the document describes it, before the builder adds what is derived: its
 * path parameters, security and scope (ROUTE_SCOPES), and the error responses (from `errors`,
 * grouped by the catalog's status).
 */
export interface OperationSpec {
  operationId: string;
  tag: string;
  summary: string;
  description: string;
  /** Descriptions of the `:name` segments of the route, by name. */
  pathParameters?: Record<string, string>;
  /** Query and header parameters (path parameters are derived from the route). */
  parameters?: JsonObject[];
  requestBody?: JsonObject;
  /** Success answers by status. */
  responses: Record<string, JsonObject>;
  /** The catalog errors this endpoint answers with. */
  errors: readonly ErrorDef[];
}

/** Operations keyed like ROUTE_SCOPES: `<METHOD> <fastify route>` (`GET /v1/inbox/:id`). */
export type OperationTable = Readonly<Record<string, OperationSpec>>;
