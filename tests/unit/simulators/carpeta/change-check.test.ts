import { checkChange } from '../../../../simulators/carpeta';
import { exampleChange } from '../../../../simulators/carpeta/examples';

const valid = () => exampleChange({ id: '0193a0de-6b1c-7f2e-9d3a-5c4b3a291807' });

function problemOf(body: unknown): string {
  const check = checkChange(body);
  if (check.ok) throw new Error('the change was accepted');
  return check.problem;
}

describe('Carpeta simulator push body check', () => {
  it('accepts the example, with and without its optional parts', () => {
    expect(checkChange(valid())).toEqual({ ok: true, change: valid() });
    const { phase: _phase, ...withoutPhase } = valid();
    expect(checkChange(withoutPhase).ok).toBe(true);
    expect(checkChange(exampleChange({ state: 'pending-citizen-action' })).ok).toBe(true);
    expect(checkChange({ ...valid(), pendingAction: { description: 'Aportar el plano' } }).ok).toBe(true);
    expect(checkChange(exampleChange({ state: 'closed' })).ok).toBe(true);
  });

  it.each([
    ['a body that is not an object', [], '/: must be an object'],
    ['a missing id', { ...valid(), id: undefined }, '/id: required'],
    ['an id that is not a UUID', { ...valid(), id: 'evento-1' }, '/id: must be a UUID'],
    ['an expediente that is not an ENI identifier', { ...valid(), expediente: 'EXP-2026-123' }, '/expediente: must be an ENI identifier'],
    ['a specific id with a hyphen', { ...valid(), expediente: 'ES_L02000023_2026_EXP_SUB-1' }, '/expediente: must be an ENI identifier'],
    ['a tenant that is not DIR3', { ...valid(), tenant: 'l02000023' }, '/tenant: must be a DIR3 code'],
    ['a missing managingUnit', { ...valid(), managingUnit: undefined }, '/managingUnit: required'],
    ['a SIA code with letters', { ...valid(), procedure: { code: 'SIA1', name: 'x' } }, '/procedure/code: must be a SIA code'],
    ['an unknown procedure field', { ...valid(), procedure: { code: '1', name: 'x', version: 2 } }, '/procedure/version: unknown field'],
    ['an empty title', { ...valid(), title: '  ' }, '/title: must not be empty'],
    ['an unknown state', { ...valid(), state: 'archived' }, '/state: must be one of started, in-progress'],
    ['a numeric phase', { ...valid(), phase: 3 }, '/phase: must be a string'],
    ['a pendingAction without description', { ...valid(), pendingAction: { dueOn: '2026-03-01' } }, '/pendingAction/description: required'],
    ['a dueOn that is not a date', { ...valid(), pendingAction: { description: 'x', dueOn: '01/03/2026' } }, '/pendingAction/dueOn: must be a date'],
    ['a changedAt without offset', { ...valid(), dates: { startedAt: '2026-02-02T09:15:00Z', changedAt: '2026-02-02T09:15:00' } }, '/dates/changedAt: must be an RFC 3339 date-time'],
    ['an http officeUrl', { ...valid(), officeUrl: 'http://sede.example.es/x' }, '/officeUrl: must be an https URL'],
    ['a negative sequence', { ...valid(), sequence: -1 }, '/sequence: must be a non-negative integer'],
    ['a sequence as text', { ...valid(), sequence: '7' }, '/sequence: must be a non-negative integer'],
    ['no interested party', { ...valid(), interested: [] }, '/interested: must be a list of 1 to 100'],
    ['a passport', { ...valid(), interested: [{ documentType: 'PASSPORT', documentNumber: 'AB123456', role: 'holder' }] }, '/interested/0/documentType: must be one of NIF, NIE, CIF'],
    ['an unknown role', { ...valid(), interested: [{ documentType: 'NIF', documentNumber: '99000003E', role: 'owner' }] }, '/interested/0/role: must be one of holder, representative'],
    ['an unknown top-level field', { ...valid(), event: 'expediente.status-changed' }, '/event: unknown field'],
  ])('refuses %s, naming the field', (_label, body, problem) => {
    expect(problemOf(JSON.parse(JSON.stringify(body)))).toContain(problem);
  });

  it('refuses a document whose check letter is wrong, without quoting it', () => {
    const problem = problemOf({ ...valid(), interested: [{ documentType: 'NIF', documentNumber: '99000003A', role: 'holder' }] });
    expect(problem).toBe('/interested/0/documentNumber: is not a valid NIF');
    expect(problem).not.toContain('99000003');
  });
});
