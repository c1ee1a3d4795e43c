import { Errors, PasarelaError } from '../../../src/core/errors';
import { problemOf, toPasarelaError } from '../../../src/intake/problem';

describe('problem+json', () => {
  it('carries the stable code, the status and one entry per field problem', () => {
    const e = new PasarelaError(Errors.INTAKE_VALIDATION_FAILED, '1 problem', {
      problems: [{ pointer: '/origin/office', code: 'SCHEMA_REQUIRED', message: 'is required' }],
    });
    expect(problemOf(e, '/v1/registry-entries')).toEqual({
      type: 'urn:pasarela:problem:intake-validation-failed',
      title: Errors.INTAKE_VALIDATION_FAILED.title,
      status: 400,
      code: 'INTAKE_VALIDATION_FAILED',
      detail: '1 problem',
      instance: '/v1/registry-entries',
      errors: [{ pointer: '/origin/office', code: 'SCHEMA_REQUIRED', detail: 'is required' }],
    });
  });

  it("maps fastify's body errors onto the catalog", () => {
    const err = (code: string, statusCode: number) => Object.assign(new Error('x'), { code, statusCode });
    expect(toPasarelaError(err('FST_ERR_CTP_INVALID_JSON_BODY', 400)).code).toBe('INTAKE_INVALID_JSON');
    expect(toPasarelaError(err('FST_ERR_CTP_BODY_TOO_LARGE', 413)).code).toBe('INTAKE_BODY_TOO_LARGE');
    expect(toPasarelaError(err('FST_ERR_CTP_INVALID_MEDIA_TYPE', 415)).code).toBe('INTAKE_UNSUPPORTED_MEDIA_TYPE');
    expect(toPasarelaError(err('SOMETHING_ELSE', 500)).code).toBe('INTAKE_UNAVAILABLE');
  });
});
