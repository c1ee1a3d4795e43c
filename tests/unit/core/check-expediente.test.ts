import { readFileSync } from 'node:fs';
import { checkExpedienteStatus, DEFAULT_EXPEDIENTE_LIMITS } from '../../../src/core/check-expediente';
import { EXPEDIENTE_STATES, roleOf, type ExpedienteStatus } from '../../../src/core/expediente';
import { projectPath } from '../../../src/core/paths';
import { createSchemaRegistry } from '../../../src/core/schemas';

function exampleStatus(): ExpedienteStatus {
  return JSON.parse(readFileSync(projectPath('schemas', 'canonical', 'examples', 'expediente-status.json'), 'utf8')) as ExpedienteStatus;
}

// 10:00 in Madrid (CEST) on 1 June 2026; the example changed on 20 May 2026.
const NOW = new Date('2026-06-01T08:00:00Z');
const MINUTE = 60 * 1000;

function codes(s: ExpedienteStatus, now = NOW, options = {}): Array<[string, string]> {
  return checkExpedienteStatus(s, now, options).map((p) => [p.pointer, p.code]);
}

function withDates(dates: Partial<ExpedienteStatus['dates']>, changes: Partial<ExpedienteStatus> = {}): ExpedienteStatus {
  const s = { ...exampleStatus(), ...changes };
  s.dates = { ...s.dates, ...dates };
  return s;
}

const registry = createSchemaRegistry();

describe('checkExpedienteStatus', () => {
  it('finds nothing wrong with the published example', () => {
    expect(checkExpedienteStatus(exampleStatus(), NOW)).toEqual([]);
  });

  it('compares against the real clock when no time is given', () => {
    expect(checkExpedienteStatus(withDates({ changedAt: '2999-01-01T00:00:00Z' })).map((p) => p.code))
      .toEqual(['EXPEDIENTE_CHANGE_IN_FUTURE']);
  });

  describe('the change time', () => {
    it('may be up to 5 minutes ahead of now (clock skew), not more', () => {
      expect(DEFAULT_EXPEDIENTE_LIMITS.futureSkewMs).toBe(5 * MINUTE);
      const at = (ms: number) => new Date(NOW.getTime() + ms).toISOString();
      expect(codes(withDates({ changedAt: at(5 * MINUTE) }))).toEqual([]);
      expect(codes(withDates({ changedAt: at(5 * MINUTE + 1) }))).toEqual([['/dates/changedAt', 'EXPEDIENTE_CHANGE_IN_FUTURE']]);
    });

    it('compares instants, whatever their offsets', () => {
      // 10:04 in Madrid written as 08:04Z and as 13:04+05:00: both within the skew.
      expect(codes(withDates({ changedAt: '2026-06-01T13:04:00+05:00' }))).toEqual([]);
      expect(codes(withDates({ changedAt: '2026-06-01T10:06:00+02:00' }))).toEqual([['/dates/changedAt', 'EXPEDIENTE_CHANGE_IN_FUTURE']]);
    });

    it('takes the skew as an option', () => {
      const s = withDates({ changedAt: '2026-06-01T09:00:00Z' });
      expect(codes(s)).toEqual([['/dates/changedAt', 'EXPEDIENTE_CHANGE_IN_FUTURE']]);
      expect(codes(s, NOW, { futureSkewMs: 60 * MINUTE })).toEqual([]);
    });

    it('may equal the start, not precede it', () => {
      expect(codes(withDates({ changedAt: '2026-03-02T09:15:00+01:00' }))).toEqual([]);
      expect(codes(withDates({ changedAt: '2026-03-02T08:14:59Z' }))).toEqual([['/dates/changedAt', 'EXPEDIENTE_DATE_BEFORE_START']]);
    });
  });

  describe('resolution and closing dates', () => {
    it.each(['resolvedAt', 'closedAt'] as const)('reports a %s before the start', (field) => {
      expect(codes(withDates({ [field]: '2026-03-01T23:59:59+01:00' }))).toEqual([[`/dates/${field}`, 'EXPEDIENTE_DATE_BEFORE_START']]);
    });

    it.each(['resolvedAt', 'closedAt'] as const)('reports a %s after the change that reports it', (field) => {
      expect(codes(withDates({ [field]: '2026-05-20T12:40:01+02:00' }))).toEqual([[`/dates/${field}`, 'EXPEDIENTE_DATE_AFTER_CHANGE']]);
      expect(codes(withDates({ [field]: '2026-05-20T12:40:00+02:00' }))).toEqual([]);
    });

    it('reports a closing before the resolution', () => {
      const s = withDates({ resolvedAt: '2026-05-10T10:00:00+02:00', closedAt: '2026-05-09T10:00:00+02:00' }, { state: 'closed' });
      expect(codes(s)).toEqual([['/dates/closedAt', 'EXPEDIENTE_CLOSED_BEFORE_RESOLVED']]);
      s.dates.closedAt = '2026-05-10T10:00:00+02:00';
      expect(codes(s)).toEqual([]);
    });

    it('requires the resolution date of a resolved expediente', () => {
      expect(codes({ ...exampleStatus(), state: 'resolved' })).toEqual([['/dates/resolvedAt', 'EXPEDIENTE_RESOLVED_AT_REQUIRED']]);
      expect(codes(withDates({ resolvedAt: '2026-05-20T12:00:00+02:00' }, { state: 'resolved' }))).toEqual([]);
    });

    it('requires the closing date of a closed expediente, not its resolution date (it may be archived unresolved)', () => {
      expect(codes({ ...exampleStatus(), state: 'closed' })).toEqual([['/dates/closedAt', 'EXPEDIENTE_CLOSED_AT_REQUIRED']]);
      expect(codes(withDates({ closedAt: '2026-05-20T12:00:00+02:00' }, { state: 'closed' }))).toEqual([]);
    });

    it('allows a resolution date on an expediente that is in progress again (e.g. after an appeal)', () => {
      expect(codes(withDates({ resolvedAt: '2026-04-01T12:00:00+02:00' }))).toEqual([]);
    });

    it('reports every date problem at once', () => {
      const s = withDates({ changedAt: '2026-01-01T00:00:00Z', resolvedAt: '2027-01-01T00:00:00Z', closedAt: '2025-01-01T00:00:00Z' }, { state: 'closed' });
      expect(codes(s)).toEqual([
        ['/dates/changedAt', 'EXPEDIENTE_DATE_BEFORE_START'],
        ['/dates/resolvedAt', 'EXPEDIENTE_DATE_AFTER_CHANGE'],
        ['/dates/closedAt', 'EXPEDIENTE_DATE_BEFORE_START'],
        ['/dates/closedAt', 'EXPEDIENTE_CLOSED_BEFORE_RESOLVED'],
      ]);
    });
  });

  describe('the pending action', () => {
    it('is required when the citizen must act and refused otherwise, as the schema says', () => {
      const pending = { ...exampleStatus(), state: 'pending-citizen-action' as const };
      expect(codes(pending)).toEqual([['/pendingAction', 'EXPEDIENTE_PENDING_ACTION_REQUIRED']]);
      expect(codes({ ...pending, pendingAction: { description: 'Aportar documento', dueOn: '2026-06-15' } })).toEqual([]);
      for (const state of EXPEDIENTE_STATES.filter((st) => st !== 'pending-citizen-action')) {
        const s = withDates({ resolvedAt: '2026-05-20T12:00:00+02:00', closedAt: '2026-05-20T12:00:00+02:00' }, { state, pendingAction: { description: 'x' } });
        expect(codes(s)).toEqual([['/pendingAction', 'EXPEDIENTE_PENDING_ACTION_UNEXPECTED']]);
      }
    });

    it('agrees with the schema on the same pointer', () => {
      const cases: Array<Partial<ExpedienteStatus>> = [
        { state: 'pending-citizen-action' }, { state: 'in-progress', pendingAction: { description: 'x' } },
      ];
      for (const c of cases) {
        const s = { ...exampleStatus(), ...c };
        const fromSchema = registry.validatePayload('expediente-status', 1, s).map((p) => p.pointer);
        expect(fromSchema).toEqual(codes(s).map(([pointer]) => pointer));
      }
    });
  });

  describe('interested parties', () => {
    it('reports each later party with a document already listed, whatever its role', () => {
      const s = exampleStatus();
      const [holder, company] = s.interested;
      s.interested.push({ ...holder, role: 'representative' }, { ...company }, { ...holder, role: undefined });
      expect(codes(s)).toEqual([
        ['/interested/2/documentNumber', 'EXPEDIENTE_DUPLICATE_INTERESTED'],
        ['/interested/3/documentNumber', 'EXPEDIENTE_DUPLICATE_INTERESTED'],
        ['/interested/4/documentNumber', 'EXPEDIENTE_DUPLICATE_INTERESTED'],
      ]);
    });

    it('requires at least one holder; a party without a role is one', () => {
      const s = exampleStatus();
      s.interested[0].role = 'representative';
      expect(codes(s)).toEqual([['/interested', 'EXPEDIENTE_HOLDER_REQUIRED']]);
      delete s.interested[0].role;
      expect(roleOf(s.interested[0])).toBe('holder');
      expect(codes(s)).toEqual([]);
    });
  });

  describe('the year in the ENI identifier', () => {
    it.each([
      ['ES_L02000023_2026_EXP_1', []],
      ['ES_L02000023_1995_EXP_1', []],
      ['ES_L02000023_2027_EXP_1', [['/expediente', 'EXPEDIENTE_ID_YEAR_IN_FUTURE']]],
      ['ES_L02000023_2100_EXP_1', [['/expediente', 'EXPEDIENTE_ID_YEAR_IN_FUTURE']]],
    ])('judges %s against 2026', (expediente, expected) => {
      expect(codes({ ...exampleStatus(), expediente })).toEqual(expected);
    });

    it('uses the Madrid calendar year, not the UTC one', () => {
      // 23:30 UTC on 31 December 2026 is already 1 January 2027 in Madrid (+01:00).
      const newYear = new Date('2026-12-31T23:30:00Z');
      expect(codes({ ...exampleStatus(), expediente: 'ES_L02000023_2027_EXP_1' }, newYear)).toEqual([]);
      expect(codes({ ...exampleStatus(), expediente: 'ES_L02000023_2027_EXP_1' }, new Date('2026-12-31T22:30:00Z')))
        .toEqual([['/expediente', 'EXPEDIENTE_ID_YEAR_IN_FUTURE']]);
    });
  });

  it('never throws on odd values', () => {
    const odd = [
      {}, { interested: null }, { interested: [null, 1, 'x', { documentNumber: 5 }, { role: 'holder' }] }, { dates: null },
      { dates: { startedAt: 5, changedAt: 'x', resolvedAt: null } }, { expediente: 42 }, { state: 'resolved', dates: null },
      { state: 'pending-citizen-action', pendingAction: null },
    ];
    for (const value of odd) {
      expect(() => checkExpedienteStatus(value as unknown as ExpedienteStatus, NOW)).not.toThrow();
    }
    expect(() => checkExpedienteStatus(exampleStatus(), new Date(Number.NaN))).not.toThrow();
  });
});
