import type { OperatorRole } from '../journal/operations';

/**
 * The role each admin endpoint requires, by method and route pattern: one table, so a reviewer
 * sees every grant at once. An endpoint missing here is refused to every operator (fail closed).
 */
export const ADMIN_ROLES: Readonly<Record<string, OperatorRole>> = {
  'GET /admin/v1/messages': 'viewer',
  'GET /admin/v1/messages/:id': 'viewer',
  'GET /admin/v1/failures': 'viewer',
  'GET /admin/v1/in-flight': 'viewer',
  'GET /admin/v1/replays': 'viewer',
  'GET /admin/v1/replays/:id': 'viewer',
  'GET /admin/v1/replays/:id/items': 'viewer',
  'GET /admin/v1/audit': 'viewer',
  'POST /admin/v1/messages/:id/replay': 'operator',
  'POST /admin/v1/messages/:id/discard': 'operator',
  'POST /admin/v1/replays': 'operator',
  'POST /admin/v1/replays/:id/cancel': 'operator',
  // The payload holds the citizen's data; reading it is audited.
  'GET /admin/v1/messages/:id/payload': 'admin',
  'POST /admin/v1/messages/:id/edit-and-replay': 'admin',
};

/** HEAD is the GET of the same endpoint without its body (fastify answers it for every GET): the same role. */
export function roleFor(method: string, url: string | undefined): OperatorRole | undefined {
  return url === undefined ? undefined : ADMIN_ROLES[`${method === 'HEAD' ? 'GET' : method} ${url}`];
}
