import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import { sendProblem, toPasarelaError } from '../intake/problem';
import { Errors, PasarelaError } from '../core/errors';
import { isValidCif, isValidNie, isValidNif } from '../core/validators/identity';
import type { Journal } from '../journal/journal';
import { pullClientOf, type PullClient } from './clients';
import { documentKeyOf } from './document-key';
import { expedienteDetail, expedienteItem } from './pull-view';

/** The header that names the citizen: never the URL, which access logs and proxies keep. */
export const CITIZEN_HEADER = 'carpeta-ciudadano';
export const PULL_PREFIX = '/carpeta/v1/expedientes';
const MAX_PAGE = 100;

interface ListQuery {
  estado?: string;
  pagina?: string;
  tamano?: string;
}

function invalid(pointer: string, message: string): PasarelaError {
  return new PasarelaError(Errors.INTAKE_VALIDATION_FAILED, `The query is not valid: ${pointer} ${message}`, { problems: [{ pointer, code: 'CARPETA_QUERY', message }] });
}

/** The citizen's document key; the number is checked (NIF/NIE/CIF with its check character) and hashed, never kept. */
function citizenOf(req: FastifyRequest): string {
  const raw = req.headers[CITIZEN_HEADER];
  const doc = typeof raw === 'string' ? raw.trim().toUpperCase() : '';
  if (!(isValidNif(doc) || isValidNie(doc) || isValidCif(doc))) {
    throw new PasarelaError(Errors.CARPETA_NO_CITIZEN, 'Send the citizen\'s NIF, NIE or CIF in the Carpeta-Ciudadano header');
  }
  return documentKeyOf(doc);
}

function page(q: ListQuery): { open?: boolean; pagina: number; tamano: number } {
  const known = new Set(['estado', 'pagina', 'tamano']);
  const unknown = Object.keys(q).find((k) => !known.has(k));
  // Not echoed: a portal that put the citizen's document in the query must not see it in our answer.
  if (unknown) throw invalid('/query', 'holds a parameter this query does not take (estado, pagina, tamano)');
  if (q.estado !== undefined && q.estado !== 'abierto' && q.estado !== 'cerrado') throw invalid('/query/estado', 'must be abierto or cerrado');
  const int = (v: string | undefined, name: string, max: number, dflt: number) => {
    if (v === undefined) return dflt;
    if (!/^[1-9][0-9]{0,5}$/.test(v) || Number(v) > max) throw invalid(`/query/${name}`, `must be a whole number from 1 to ${max}`);
    return Number(v);
  };
  return { open: q.estado === undefined ? undefined : q.estado === 'abierto', pagina: int(q.pagina, 'pagina', 100_000, 1), tamano: int(q.tamano, 'tamano', MAX_PAGE, 20) };
}

/**
 * Carpeta Ciudadana, pull variant (docs/carpeta.md; OUR contract, pending the official one):
 * `GET /carpeta/v1/expedientes` lists the expedientes a citizen is an interested party of, every
 * tenant's (the citizen sees all of their municipalities); `GET /carpeta/v1/expedientes/{id}`
 * shows one with its history, only to one of its parties (else 404, like a missing one). Both
 * need a configured client's token (`carpeta.pull.clients`) and the citizen's document in the
 * `Carpeta-Ciudadano` header.
 */
export function registerCarpetaPull(app: FastifyInstance, deps: { journal: Journal; clients: readonly PullClient[]; logger?: Logger }): void {
  app.register(async (scope) => {
    // A portal might put the citizen's document in the query string: fastify's request lines (which
    // log the URL) are off here, and problems name the path only.
    scope.addHook('onRoute', (route) => {
      route.logLevel = 'warn';
    });
    scope.setErrorHandler((err: Error, req, reply) => {
      const e = toPasarelaError(err);
      if (e.status >= 500) deps.logger?.error({ err: e, code: e.code }, 'Carpeta query failed');
      return sendProblem(reply, e, req.url.split('?')[0]);
    });
    scope.addHook('onRequest', async (req) => {
      const client = pullClientOf(deps.clients, req.headers.authorization);
      if (!client) throw new PasarelaError(Errors.CARPETA_UNAUTHORIZED, 'Send a Carpeta client token: Authorization: Bearer <token>');
      deps.logger?.info({ carpetaClient: client.name, path: req.url.split('?')[0].slice(0, 120) }, 'Carpeta query');
    });

    scope.get<{ Querystring: ListQuery }>(PULL_PREFIX, async (req) => {
      const key = citizenOf(req);
      const p = page(req.query);
      const { items, total } = await deps.journal.expedientes.forCitizen(key, { open: p.open, offset: (p.pagina - 1) * p.tamano, limit: p.tamano });
      return { expedientes: items.map(expedienteItem), pagina: p.pagina, tamano: p.tamano, total };
    });

    scope.get<{ Params: { id: string } }>(`${PULL_PREFIX}/:id`, async (req) => {
      const key = citizenOf(req);
      const id = req.params.id;
      const found = id.length <= 64 ? await deps.journal.expedientes.detailFor(id, key) : undefined;
      if (!found) throw new PasarelaError(Errors.INTAKE_NOT_FOUND, 'No such expediente for this citizen');
      return expedienteDetail(found.row, found.history);
    });
  });
}
