import { ref, type OperationTable } from './types';

/** The endpoints that need no key (health.ts, register.ts): ROUTE_SCOPES does not list them. */
export const publicOperations: OperationTable = {
  'GET /healthz': {
    operationId: 'getHealth',
    tag: 'health',
    summary: 'Liveness: the process answers',
    description: '200 while the process runs.',
    responses: { 200: { description: 'Alive.', content: { 'application/json': { schema: ref('schemas', 'Health') } } } },
    errors: [],
  },
  'GET /readyz': {
    operationId: 'getReadiness',
    tag: 'health',
    summary: 'Readiness: broker and journal reachable',
    description: '200 when the broker and the journal are reachable, else 503 (also while shutting down: `status: "stopping"`); with each route\'s breaker (in processes that run workers) and queue depths.',
    responses: {
      200: { description: 'Ready.', content: { 'application/json': { schema: ref('schemas', 'Readiness') } } },
      503: { description: 'Not ready, or stopping.', content: { 'application/json': { schema: ref('schemas', 'Readiness') } } },
    },
    errors: [],
  },
  'GET /openapi.json': {
    operationId: 'getOpenApi',
    tag: 'documentation',
    summary: 'This OpenAPI 3.1 document',
    description: 'Browsable at `GET /docs`.',
    responses: { 200: { description: 'The document.', content: { 'application/json': { schema: { type: 'object' } } } } },
    errors: [],
  },
};
