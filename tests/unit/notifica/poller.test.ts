import type { InfoResult } from '../../../src/connectors/notifica/operations';
import { eventOf } from '../../../src/notifica/poller';

const PDF = Buffer.from('%PDF-1.4 acuse');

/** An envío no state was reported for yet. */
const NEW = { state: null, identificador: 'id-1' };

function info(extra: Partial<InfoResult> = {}): InfoResult {
  return { identificador: 'id-1', estado: 'enviado_deh', datados: [], ...extra };
}

describe('eventOf (what a poll reports)', () => {
  it('takes, among datados of one second, the one further along, whatever the order they are listed in', () => {
    for (const datados of [
      [{ fecha: '2026-05-04T10:00:00Z', resultado: 'enviado_deh' }, { fecha: '2026-05-04T10:00:00Z', resultado: 'pendiente_envio' }],
      [{ fecha: '2026-05-04T10:00:00Z', resultado: 'pendiente_envio' }, { fecha: '2026-05-04T10:00:00Z', resultado: 'enviado_deh' }],
    ]) {
      expect(eventOf(info({ datados }), NEW)?.estado).toBe('enviado_deh');
    }
  });

  it('reports about the envío asked about', () => {
    expect(eventOf(info({ identificador: '' }), NEW)?.identificador).toBe('id-1');
  });

  it('takes the latest datado by date as the state, whatever the order Notific@ lists them in', () => {
    const e = eventOf(info({
      estado: 'pendiente_deh',
      datados: [
        { fecha: '2026-05-04T10:00:02Z', resultado: 'notificada', origen: 'electronico' },
        { fecha: '2026-05-04T10:00:00Z', resultado: 'pendiente_deh', origen: 'sede' },
        { fecha: '2026-05-04T10:00:01Z', resultado: 'enviado_deh', origen: 'postal' },
      ],
    }), NEW);
    expect(e).toMatchObject({ identificador: 'id-1', estado: 'notificada', at: '2026-05-04T10:00:02.000Z', final: true, origin: 'electronico', source: 'poll' });
  });

  it('compares datados as instants, not as text', () => {
    const e = eventOf(info({
      datados: [
        { fecha: '2026-05-04T11:00:00+02:00', resultado: 'enviado_deh' },
        { fecha: '2026-05-04T09:30:00Z', resultado: 'leida' },
      ],
    }), NEW);
    expect(e?.estado).toBe('leida');
    expect(e?.at).toBe('2026-05-04T09:30:00.000Z');
  });

  it('skips datados whose resultado is not a Notific@ state', () => {
    const e = eventOf(info({
      datados: [
        { fecha: '2026-05-04T10:00:00Z', resultado: 'enviado_deh' },
        { fecha: '2026-05-04T11:00:00Z', resultado: 'rechazada' },
      ],
    }), NEW);
    expect(e?.estado).toBe('enviado_deh');
    expect(e?.at).toBe('2026-05-04T10:00:00.000Z');
  });

  it('skips datados without a readable date', () => {
    const e = eventOf(info({
      datados: [
        { fecha: '2026-05-04T10:00:00Z', resultado: 'pendiente_deh' },
        { fecha: 'ayer', resultado: 'notificada' },
        { fecha: '', resultado: 'rehusada' },
      ],
    }), NEW);
    expect(e?.estado).toBe('pendiente_deh');
  });

  it('falls back to the estado of the answer when no datado can be used', () => {
    for (const datados of [[], [{ fecha: 'x', resultado: 'leida' }], [{ fecha: '2026-05-04T10:00:00Z', resultado: 'otra' }]]) {
      const e = eventOf(info({ estado: 'enviado_deh', datados }), NEW);
      expect(e).toMatchObject({ estado: 'enviado_deh', final: false, source: 'poll' });
      expect(Number.isNaN(Date.parse(e!.at))).toBe(false);
      expect(e!.origin).toBeUndefined();
    }
  });

  it('reports nothing when the estado alone repeats the envío\'s state, so asking again changes nothing', () => {
    expect(eventOf(info({ estado: 'enviado_deh' }), { state: 'enviado_deh', identificador: 'id-1' })).toBeUndefined();
    expect(eventOf(info({ estado: 'notificada' }), { state: 'enviado_deh', identificador: 'id-1' })).toMatchObject({ estado: 'notificada', final: true });
  });

  it('reports nothing when neither a datado nor the estado is a Notific@ state', () => {
    expect(eventOf(info({ estado: 'otra', datados: [{ fecha: '2026-05-04T10:00:00Z', resultado: 'tampoco' }] }), NEW)).toBeUndefined();
    expect(eventOf(info({ estado: '' }), NEW)).toBeUndefined();
  });

  it('carries the acuse of a final state', () => {
    const e = eventOf(info({ estado: 'notificada', acuse: { content: PDF, hash: 'h', csv: 'CSV-1', at: '2026-05-04T10:00:05Z' } }), NEW);
    expect(e?.final).toBe(true);
    expect(e?.acuse?.content?.equals(PDF)).toBe(true);
    expect(e?.acuse?.csv).toBe('CSV-1');
    expect(e?.acuse?.sha256).toBe('');
  });

  it("keeps the certificate's own date (fechaCertificacion) with its acuse", () => {
    const e = eventOf(info({
      estado: 'notificada',
      datados: [{ fecha: '2026-05-04T10:00:00Z', resultado: 'notificada' }],
      acuse: { content: PDF, hash: 'h', at: '2026-05-04T10:07:00Z' },
    }), NEW);
    expect(e?.acuse?.at).toBeDefined();
    expect(Date.parse(e!.acuse!.at!)).toBe(Date.parse('2026-05-04T10:07:00Z'));
  });

  it('carries no acuse for an open state, even when Notific@ gives one', () => {
    const e = eventOf(info({ estado: 'enviado_deh', acuse: { content: PDF, hash: 'h' } }), NEW);
    expect(e?.final).toBe(false);
    expect(e?.acuse).toBeUndefined();
  });

  it('decides finality from the state it reports, not from the estado of the answer', () => {
    const e = eventOf(info({ estado: 'notificada', datados: [{ fecha: '2026-05-04T10:00:00Z', resultado: 'enviado_deh' }], acuse: { content: PDF, hash: 'h' } }), NEW);
    expect(e).toMatchObject({ estado: 'enviado_deh', final: false, acuse: undefined });
  });

  it('names no emitter and no receptor: a poll is asked by identificador', () => {
    const e = eventOf(info({ estado: 'leida' }), NEW);
    expect(e?.organismo).toBeUndefined();
    expect(e?.receptor).toBeUndefined();
  });
});
