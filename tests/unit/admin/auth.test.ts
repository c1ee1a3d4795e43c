import { requireRole } from '../../../src/admin/auth';
import { ADMIN_ROLES, roleFor } from '../../../src/admin/roles';
import { generateOperatorToken, hashOperatorToken, OPERATOR_TOKEN_PREFIX } from '../../../src/admin/tokens';
import type { Actor } from '../../../src/journal/operations';
import { codeOfSync } from '../../helpers/errors';

const actor = (role: Actor['role']): Actor => ({ id: 'op-1', name: 'ana', role });

describe('operator roles', () => {
  it('lets each role do what the roles below it may', () => {
    expect(() => requireRole(actor('admin'), 'viewer')).not.toThrow();
    expect(() => requireRole(actor('admin'), 'operator')).not.toThrow();
    expect(() => requireRole(actor('operator'), 'viewer')).not.toThrow();
  });

  it('refuses a viewer what needs an operator, and an operator what needs an admin', () => {
    expect(codeOfSync(() => requireRole(actor('viewer'), 'operator'))).toBe('ADMIN_FORBIDDEN_ROLE');
    expect(codeOfSync(() => requireRole(actor('operator'), 'admin'))).toBe('ADMIN_FORBIDDEN_ROLE');
  });

  it('refuses everyone, admins included, an endpoint that declares no role (fail closed)', () => {
    expect(codeOfSync(() => requireRole(actor('admin'), roleFor('DELETE', '/admin/v1/messages/:id')))).toBe('ADMIN_FORBIDDEN_ROLE');
    expect(codeOfSync(() => requireRole(actor('admin'), roleFor('GET', undefined)))).toBe('ADMIN_FORBIDDEN_ROLE');
  });

  it('gives HEAD the role of the GET it answers for', () => {
    expect(roleFor('HEAD', '/admin/v1/failures')).toBe('viewer');
    expect(roleFor('HEAD', '/admin/v1/messages/:id/payload')).toBe('admin');
  });

  it('refuses a role it does not know, as a corrupted row would hold', () => {
    expect(codeOfSync(() => requireRole({ ...actor('viewer'), role: 'root' as Actor['role'] }, 'viewer'))).toBe('ADMIN_FORBIDDEN_ROLE');
  });

  it('asks for more than viewer on every endpoint that changes something', () => {
    for (const [key, role] of Object.entries(ADMIN_ROLES)) {
      if (key.startsWith('POST ')) expect([key, role]).not.toEqual([key, 'viewer']);
    }
  });
});

describe('operator tokens', () => {
  it('are 256-bit random secrets with their own prefix, hashed for storage', () => {
    const a = generateOperatorToken();
    const b = generateOperatorToken();
    expect(a.token).toMatch(new RegExp(`^${OPERATOR_TOKEN_PREFIX}[A-Za-z0-9_-]{43}$`));
    expect(a.token).not.toBe(b.token);
    expect(a.hash).toBe(hashOperatorToken(a.token));
    expect(a.hash).not.toContain(a.token.slice(OPERATOR_TOKEN_PREFIX.length));
    expect(a.token.startsWith(a.prefix)).toBe(true);
    expect(a.prefix.length).toBeLessThan(12);
  });
});
