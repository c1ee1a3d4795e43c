import type { FastifyInstance, RouteOptions } from 'fastify';
import { ADMIN_ROLES } from '../../../src/admin/roles';
import { buildOpenApiDocument } from '../../../src/intake/openapi/document';
import { openApiPath } from '../../../src/intake/openapi/paths';
import { DOCS_PREFIX, OPENAPI_PATH } from '../../../src/intake/openapi/register';
import { exampleEntry } from '../../helpers/entries';
import { startFakeIntake } from './fake-intake';

/** The intake server over fakes, with the OpenAPI routes. */
describe('the intake server with its OpenAPI description', () => {
  const registered: RouteOptions[] = [];
  let app: FastifyInstance;
  let url: string;

  beforeAll(async () => {
    // The /v1 scope is a plugin: its routes are added at ready, after this hook.
    ({ app, url } = await startFakeIntake((p) => p.app.addHook('onRoute', (route) => void registered.push(route))));
  });
  afterAll(() => app.close());

  const routesUnder = (prefix: string) =>
    registered.filter((r) => r.url.startsWith(prefix)).flatMap((r) => [r.method].flat().filter((m) => m !== 'HEAD').map((m) => ({ method: m, route: r })));
  const v1Routes = () => routesUnder('/v1/');

  const undocumented = (found: string[]) => {
    const doc = buildOpenApiDocument() as Record<string, any>;
    return found.filter((key) => {
      const [method, route] = key.split(' ');
      return !doc.paths[openApiPath(route)]?.[method.toLowerCase()];
    });
  };

  it('describes every route fastify registers under /v1', () => {
    const found = v1Routes().map(({ method, route }) => `${method} ${route.url}`);
    expect(found.length).toBeGreaterThanOrEqual(8);
    expect(undocumented(found)).toEqual([]);
  });

  it('describes every route fastify registers under /admin/v1, each one with a role in ADMIN_ROLES', () => {
    const found = routesUnder('/admin/v1/').map(({ method, route }) => `${method} ${route.url}`);
    expect(found.length).toBeGreaterThanOrEqual(14);
    expect(undocumented(found)).toEqual([]);
    expect([...found].sort()).toEqual(Object.keys(ADMIN_ROLES).sort());
  });

  it('leaves the /v1 routes without fastify schemas', () => {
    for (const { route } of v1Routes()) expect([route.url, route.schema]).toEqual([route.url, undefined]);
  });

  it('still hands POST /v1/registry-entries the raw bytes, whatever the Content-Type', async () => {
    const res = await fetch(`${url}/v1/registry-entries?format=canonical-json`, {
      method: 'POST', headers: { authorization: 'Bearer psk_test', 'content-type': 'text/plain' }, body: JSON.stringify(exampleEntry()),
    });
    expect(res.status).toBe(202);
    expect(Object.keys((await res.json()) as object).sort()).toEqual(['id', 'status']);
  });

  it('still refuses an unknown field rather than stripping it', async () => {
    const res = await fetch(`${url}/v1/registry-entries`, {
      method: 'POST', headers: { authorization: 'Bearer psk_test', 'content-type': 'application/json' }, body: JSON.stringify({ ...exampleEntry(), colour: 'blue' }),
    });
    expect(res.status).toBe(400);
    const problem = (await res.json()) as { code: string; errors: { pointer: string }[] };
    expect(problem.code).toBe('INTAKE_VALIDATION_FAILED');
    expect(problem.errors.map((e) => e.pointer)).toContain('/colour');
  });

  it('answers GET /openapi.json with the document as JSON, without a key', async () => {
    const res = await fetch(`${url}${OPENAPI_PATH}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await res.json()).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
  });

  it('answers GET /docs with the swagger-ui page, whose assets come from this server', async () => {
    const res = await fetch(`${url}${DOCS_PREFIX}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const html = await res.text();
    const assets = [...html.matchAll(/(?:href|src)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets.filter((a) => /^(https?:)?\/\//.test(a))).toEqual([]);
    const css = assets.find((a) => a.endsWith('/swagger-ui.css'))!;
    const bundle = assets.find((a) => a.endsWith('/swagger-ui-bundle.js'))!;
    for (const asset of [css, bundle]) {
      const got = await fetch(new URL(asset, `${url}${DOCS_PREFIX}`));
      expect([asset, got.status]).toEqual([asset, 200]);
      await got.arrayBuffer();
    }
  });

  it('feeds swagger-ui the same document, less the dialect it cannot show', async () => {
    const res = await fetch(`${url}${DOCS_PREFIX}/json`);
    expect(res.status).toBe(200);
    const { jsonSchemaDialect, ...rest } = JSON.parse(JSON.stringify(buildOpenApiDocument()));
    expect(jsonSchemaDialect).toBeDefined();
    expect(await res.json()).toEqual(rest);
  });

  it('answers a missing asset with the usual problem+json 404', async () => {
    const res = await fetch(`${url}${DOCS_PREFIX}/static/no-such-file.js`);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(((await res.json()) as { code: string }).code).toBe('INTAKE_NOT_FOUND');
  });
});
