import type { FastifyInstance } from 'fastify';
import { selectAdapter } from '../../adapters';
import { Errors, PasarelaError } from '../core/errors';
import { acceptBatch } from './accept-batch';
import { acceptRegistryEntry, type IntakeContext, type IntakeInput } from './accept';
import { parseIdempotencyKey } from './idempotency';

interface IntakeQuery {
  format?: string;
  atomic?: string;
}

/**
 * `POST /v1/registry-entries` (one entry) and `POST /v1/registry-entries/batch` (many), in any
 * format an adapter decodes. Registered in a scope of their own whose only body parser hands
 * adapters the raw bytes: decoding is the adapter's, never fastify's.
 */
export function registerRegistryEntries(v1: FastifyInstance, ctx: IntakeContext): void {
  v1.register(async (scope) => {
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    // No adapter for this Content-Type (or ?format=): refuse with 415 before reading the body.
    scope.addHook('onRequest', async (req, reply) => {
      const { format } = req.query as IntakeQuery;
      const contentType = req.headers['content-type'];
      try {
        selectAdapter(typeof contentType === 'string' ? contentType : undefined, typeof format === 'string' ? format : undefined);
      } catch (e) {
        // The body stays unread: close the connection after the answer rather than drain it.
        reply.header('connection', 'close');
        throw e;
      }
    });

    scope.post<{ Querystring: IntakeQuery }>('/v1/registry-entries', async (req, reply) => {
      refuseWhileStopping(ctx);
      const accepted = await acceptRegistryEntry(ctx, inputOf(req));
      reply.code(202).header('location', `/v1/messages/${accepted.id}`);
      if (accepted.replayed) reply.header('idempotent-replayed', 'true');
      return reply.send({ id: accepted.id, status: accepted.status });
    });

    scope.post<{ Querystring: IntakeQuery }>('/v1/registry-entries/batch', async (req, reply) => {
      refuseWhileStopping(ctx);
      const atomic = parseAtomic(req.query.atomic) ?? ctx.config.intake?.batch?.atomic ?? true;
      const answer = await acceptBatch(ctx, inputOf(req), atomic);
      return reply.code(answer.httpStatus).send({ accepted: answer.accepted, refused: answer.refused, items: answer.items });
    });
  });
}

function inputOf(req: { body: unknown; headers: Record<string, string | string[] | undefined>; query: IntakeQuery; apiKey?: IntakeInput['key'] }): IntakeInput {
  const contentType = req.headers['content-type'];
  return {
    body: Buffer.isBuffer(req.body) ? req.body : undefined,
    contentType: typeof contentType === 'string' ? contentType : undefined,
    key: req.apiKey!,
    idempotencyKey: parseIdempotencyKey(req.headers['idempotency-key']),
    format: typeof req.query.format === 'string' ? req.query.format : undefined,
  };
}

/** Draining: refuse new work with 503 + Retry-After while in-flight work finishes. */
function refuseWhileStopping(ctx: IntakeContext): void {
  if (ctx.stopping?.()) throw new PasarelaError(Errors.INTAKE_UNAVAILABLE, 'pasarela is shutting down; nothing was accepted, try again');
}

function parseAtomic(value: string | undefined): boolean | undefined {
  if (value === undefined) return undefined;
  if (value === 'true' || value === 'false') return value === 'true';
  throw new PasarelaError(Errors.INTAKE_VALIDATION_FAILED, '?atomic= takes true or false', {
    problems: [{ pointer: '/query/atomic', code: 'QUERY_BOOLEAN', message: 'must be true or false' }],
  });
}
