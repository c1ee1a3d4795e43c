import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';
import { Errors, PasarelaError } from '../core/errors';
import { resolveProjectFile } from '../core/paths';
import type { Connector, RouteDefinition, Transform } from '../core/plugin';
import { configValidator, describeErrors } from './ajv';

/** What a route file may name: the explicit registries. */
export interface RouteRegistries {
  transforms: Record<string, Transform<any, any>>;
  connectors: Record<string, () => Connector<any, any>>;
}

const BREAKER_DEFAULTS: RouteDefinition['breaker'] = { failureThreshold: 5, probeInitialMs: 1000, probeMaxMs: 30000 };

function routeError(file: string, lines: string[]): PasarelaError {
  return new PasarelaError(Errors.ROUTE_INVALID, `Invalid route file ${file}:\n  ` + lines.join('\n  '), {
    details: { file },
  });
}

function readRouteFile(file: string): RouteDefinition {
  let doc: unknown;
  try {
    doc = parseYaml(readFileSync(file, 'utf8'), { maxAliasCount: 100 });
  } catch (e) {
    throw routeError(file, [`not valid YAML (${(e as Error).message.split('\n')[0]})`]);
  }
  const validate = configValidator('route.schema.json');
  if (!validate(doc)) throw routeError(file, describeErrors(validate.errors, 'route'));
  type RouteFile = Omit<RouteDefinition, 'file' | 'prefetch' | 'breaker' | 'rateLimit' | 'deliveryLimit'> & {
    prefetch?: number;
    breaker?: Partial<RouteDefinition['breaker']>;
    rateLimit?: { perSecond: number; burst?: number };
    deliveryLimit?: number;
  };
  const route = doc as RouteFile;
  return {
    ...route,
    prefetch: route.prefetch ?? 8,
    breaker: { ...BREAKER_DEFAULTS, ...route.breaker },
    rateLimit: route.rateLimit && { perSecond: route.rateLimit.perSecond, burst: route.rateLimit.burst ?? Math.max(1, Math.ceil(route.rateLimit.perSecond)) },
    deliveryLimit: route.deliveryLimit ?? 50,
    file,
  };
}

/** Cross-checks a route against the registries: names that exist and payload kinds that fit. */
function checkReferences(route: RouteDefinition, reg: RouteRegistries): string[] {
  const problems: string[] = [];
  const transform = reg.transforms[route.transform];
  if (!transform) problems.push(`route/transform: unknown transform "${route.transform}" (known: ${Object.keys(reg.transforms).join(', ')})`);
  else if (transform.from !== route.from.type)
    problems.push(`route/transform: "${route.transform}" takes ${transform.from} messages, not ${route.from.type}`);
  const factory = reg.connectors[route.to.connector];
  if (!factory) problems.push(`route/to/connector: unknown connector "${route.to.connector}" (known: ${Object.keys(reg.connectors).join(', ')})`);
  else if (transform && !factory().accepts.includes(transform.to))
    problems.push(`route/to/connector: "${route.to.connector}" does not accept ${transform.to} payloads`);
  if (route.retry.maxDelayMs < route.retry.initialDelayMs) problems.push('route/retry/maxDelayMs: must not be below initialDelayMs');
  if (route.breaker.probeMaxMs < route.breaker.probeInitialMs) problems.push('route/breaker/probeMaxMs: must not be below probeInitialMs');
  return problems;
}

/**
 * Read every `*.yaml` route file in `dir` (relative paths from the project root), validate each
 * against schemas/config/route.schema.json and the registries. Any problem stops start-up with
 * a ROUTE_INVALID error naming the file.
 */
export function loadRoutes(dir: string, reg: RouteRegistries): RouteDefinition[] {
  const folder = resolveProjectFile(dir);
  let files: string[];
  try {
    files = readdirSync(folder).filter((f) => /\.ya?ml$/.test(f)).sort();
  } catch (e) {
    throw new PasarelaError(Errors.ROUTE_INVALID, `Cannot read the routes folder ${folder}`, { cause: e });
  }
  const routes = files.map((f) => readRouteFile(path.join(folder, f)));
  const byName = new Map<string, string>();
  const byType = new Map<string, string>();
  for (const r of routes) {
    const problems = checkReferences(r, reg);
    if (byName.has(r.name)) problems.push(`route/name: "${r.name}" is also the name of ${byName.get(r.name)}`);
    // Intake picks the route by message type, so one route per type until fan-out exists.
    if (byType.has(r.from.type)) problems.push(`route/from/type: ${r.from.type} is already routed by ${byType.get(r.from.type)}`);
    if (problems.length) throw routeError(r.file, problems);
    byName.set(r.name, r.file);
    byType.set(r.from.type, r.file);
  }
  if (routes.length === 0) throw new PasarelaError(Errors.ROUTE_INVALID, `No route files (*.yaml) in ${folder}`);
  return routes;
}
