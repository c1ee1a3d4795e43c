import type { FastifyInstance } from 'fastify';
import { Errors, PasarelaError } from '../core/errors';
import { acceptExpedienteStatus } from './accept-expediente';
import type { IntakeContext } from './accept-steps';
import { parseIdempotencyKey } from './idempotency';

/**
 * `POST /v1/expedientes/{id}/status` (Carpeta Ciudadana, issue 9, docs/carpeta.md): a change of
 * one expediente, the canonical payload as JSON. A scope whose only body parser hands over the
 * raw bytes: intake decodes them itself (src/core/safe-json.ts), never fastify.
 */
export function registerExpedientes(v1: FastifyInstance, ctx: IntakeContext): void {
  v1.register(async (scope) => {
    scope.removeContentTypeParser('application/json');
    scope.addContentTypeParser('*', { parseAs: 'buffer' }, (_req, body, done) => done(null, body));
    scope.post<{ Params: { id: string } }>('/v1/expedientes/:id/status', async (req, reply) => {
      if (ctx.stopping?.()) throw new PasarelaError(Errors.INTAKE_UNAVAILABLE, 'pasarela is shutting down; nothing was accepted, try again');
      const contentType = req.headers['content-type'];
      const accepted = await acceptExpedienteStatus(ctx, {
        body: Buffer.isBuffer(req.body) ? req.body : undefined, contentType: typeof contentType === 'string' ? contentType : undefined,
        key: req.apiKey!, idempotencyKey: parseIdempotencyKey(req.headers['idempotency-key']),
      }, req.params.id);
      reply.code(202).header('location', `/v1/messages/${accepted.id}`);
      if (accepted.replayed) reply.header('idempotent-replayed', 'true');
      return reply.send({ id: accepted.id, status: accepted.status });
    });
  });
}
