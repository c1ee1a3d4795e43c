import type { EnvioRow, StateEvent } from '../../../src/journal/notifica';
import { closingDetail, stateDetail, stateOutcome } from '../../../src/journal/notifica-rows';

const RECEPTOR = { nif: '12345678Z', name: 'María López García', link: '1' };

function envio(extra: Partial<EnvioRow> = {}): EnvioRow {
  return {
    identificador: 'id-7', messageId: 'm-1', tenant: 'L02000023', recipientIndex: 1, recipients: 3, organismo: 'L02000023',
    referencia: 'P0123456789ABCDEF012', state: 'enviado_deh', stateAt: '2026-05-04T10:00:00.000Z', final: false, origin: 'electronico',
    receptor: RECEPTOR, certificate: null, expiresOn: null, checkedAt: null, createdAt: '2026-05-04T09:00:00.000Z', updatedAt: '2026-05-04T10:00:00.000Z',
    ...extra,
  };
}

function event(extra: Partial<StateEvent> = {}): StateEvent {
  return {
    identificador: 'id-7', organismo: 'L02000023', estado: 'notificada', at: '2026-05-04T11:00:00.000Z', final: true, origin: 'sede',
    receptor: RECEPTOR, acuse: { sha256: 'a'.repeat(64), csv: 'CSV-SECRETO-1', content: Buffer.from('%PDF') }, source: 'callback',
    ...extra,
  };
}

describe('stateDetail', () => {
  it('names the envío, its recipient among all, the state, the origin and the date', () => {
    const d = stateDetail(envio(), event());
    for (const part of ['id-7', '2 of 3', 'notificada', 'sede', '2026-05-04T11:00:00.000Z']) expect(d).toContain(part);
  });

  it("never includes the receptor's data, from the event or the envío", () => {
    for (const late of [false, true]) {
      for (const source of ['callback', 'poll', 'cancel'] as const) {
        const d = stateDetail(envio(), event({ source }), late);
        for (const citizen of [RECEPTOR.nif, RECEPTOR.name, 'María', 'López', 'CSV-SECRETO-1']) expect(d).not.toContain(citizen);
      }
    }
  });

  it('says how the state was learnt: polled, or our cancellation', () => {
    const callback = stateDetail(envio(), event({ source: 'callback' }));
    const poll = stateDetail(envio(), event({ source: 'poll' }));
    const cancel = stateDetail(envio(), event({ source: 'cancel', estado: 'anulada', origin: undefined }));
    expect(new Set([callback, poll, cancel]).size).toBe(3);
    expect(poll).toContain('poll');
    expect(cancel).toContain('cancel');
  });

  it('leaves the origin out when the event has none', () => {
    expect(stateDetail(envio(), event({ origin: undefined }))).not.toContain('via');
  });

  it("notes a late report with the envío's current state and date", () => {
    const d = stateDetail(envio({ state: 'notificada', stateAt: '2026-05-04T12:00:00.000Z' }), event({ estado: 'enviado_deh', final: false }), true);
    expect(d).toContain('enviado_deh');
    expect(d).toContain('notificada');
    expect(d).toContain('2026-05-04T12:00:00.000Z');
    expect(d).not.toBe(stateDetail(envio({ state: 'notificada', stateAt: '2026-05-04T12:00:00.000Z' }), event({ estado: 'enviado_deh', final: false })));
  });
});

describe('stateOutcome', () => {
  it('is info for every open state', () => {
    for (const estado of ['pendiente_envio', 'enviado_deh', 'entregado_op', 'sin_informacion']) expect(stateOutcome(event({ estado, final: false }))).toBe('info');
  });

  it('is ok for the final states that end well: notificada and leida', () => {
    expect(stateOutcome(event({ estado: 'notificada' }))).toBe('ok');
    expect(stateOutcome(event({ estado: 'leida' }))).toBe('ok');
  });

  it('is info for our own cancellation', () => {
    expect(stateOutcome(event({ estado: 'anulada', source: 'cancel' }))).toBe('info');
  });

  it('is error for the other final states, for an operator to look at', () => {
    for (const estado of ['rehusada', 'expirada', 'ausente', 'desconocido', 'direccion_incorrecta', 'fallecido', 'extraviada', 'error']) {
      expect(stateOutcome(event({ estado }))).toBe('error');
    }
  });

  it('follows the final flag the event carries', () => {
    expect(stateOutcome(event({ estado: 'notificada', final: false }))).toBe('info');
  });
});

describe('closingDetail', () => {
  it('counts the envíos by the state they ended in, in order of first appearance', () => {
    expect(closingDetail(['notificada', 'rehusada', 'notificada', 'notificada'])).toBe('every envío reached a final state: 3 notificada, 1 rehusada');
  });

  it('counts a single envío', () => {
    expect(closingDetail(['leida'])).toBe('every envío reached a final state: 1 leida');
  });

  it('counts envíos without a recorded state as ?', () => {
    expect(closingDetail(['anulada', null, null])).toBe('every envío reached a final state: 1 anulada, 2 ?');
  });
});
