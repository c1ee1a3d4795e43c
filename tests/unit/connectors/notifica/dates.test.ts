import { notificaInstant } from '../../../../src/connectors/notifica/dates';

describe('reading Notific@ dates', () => {
  it('reads a date-time with an offset as its UTC instant', () => {
    expect(notificaInstant('2025-06-03T09:41:12+02:00')).toBe('2025-06-03T07:41:12.000Z');
    expect(notificaInstant('2026-01-01T00:00:00.123456Z')).toBe('2026-01-01T00:00:00.123Z');
  });

  it('reads a date-time without an offset as Madrid wall-clock time, in winter and in summer', () => {
    expect(notificaInstant('2026-01-15T10:00:00')).toBe('2026-01-15T09:00:00.000Z');
    expect(notificaInstant('2018-05-14T15:53:19')).toBe('2018-05-14T13:53:19.000Z');
  });

  it.each(['1', '12', 'March 7', 'x 2020', '2026-01-15', '2026-01-15 10:00:00', '2026-02-30T10:00:00Z', '2026-02-30T10:00:00', '2026-03-29T02:30:00', '2026-13-01T00:00:00Z', ''])(
    'refuses %j, which is no xs:dateTime of a real time',
    (text) => {
      expect(notificaInstant(text)).toBeUndefined();
    },
  );
});
