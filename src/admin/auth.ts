import type { FastifyRequest } from 'fastify';
import { Errors, PasarelaError } from '../core/errors';
import { bearerKey } from '../intake/api-keys';
import type { Journal } from '../journal/journal';
import { OPERATOR_ROLES, type Actor, type OperatorRole } from '../journal/operations';
import { hashOperatorToken, OPERATOR_TOKEN_PREFIX } from './tokens';

/** Who may do what: each role can do everything the roles before it can. */
const RANK: Record<OperatorRole, number> = Object.fromEntries(OPERATOR_ROLES.map((r, i) => [r, i])) as Record<OperatorRole, number>;

/**
 * The operator behind a request's `Authorization: Bearer pso_…`. Tenant API keys are refused
 * without a lookup: they live in another table and can never reach /admin.
 */
export async function authenticateOperator(journal: Journal, req: FastifyRequest): Promise<Actor> {
  const token = bearerKey(req.headers.authorization);
  if (!token) throw new PasarelaError(Errors.ADMIN_MISSING_TOKEN, 'Send an operator token as Authorization: Bearer <token> (pasarela operators create)');
  if (!token.startsWith(OPERATOR_TOKEN_PREFIX)) {
    throw new PasarelaError(Errors.ADMIN_INVALID_TOKEN, 'This is not an operator token; tenant API keys cannot be used on /admin');
  }
  const operator = await journal.operations.findOperatorByHash(hashOperatorToken(token));
  if (!operator) throw new PasarelaError(Errors.ADMIN_INVALID_TOKEN, 'The operator token is not valid or was revoked');
  return { id: operator.id, name: operator.name, role: operator.role };
}

/** `role` undefined (an endpoint that declares none) is refused to everyone: fail closed. */
export function requireRole(actor: Actor, role: OperatorRole | undefined): void {
  if (role === undefined || !(RANK[actor.role] >= RANK[role])) {
    throw new PasarelaError(Errors.ADMIN_FORBIDDEN_ROLE, `This action needs the ${role ?? '(undeclared)'} role; ${actor.name} is ${actor.role}`, {
      details: { required: role ?? null, role: actor.role },
    });
  }
}
