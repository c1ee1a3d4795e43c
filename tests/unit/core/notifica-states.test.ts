import { FINAL_STATES, isFinalState, isKnownState, OPEN_STATES, originOfMode, stateRank } from '../../../src/core/notifica-states';

/** Every estado of reference §2.8, the table's order. */
const ALL_STATES = [
  'envio_programado', 'pendiente_envio', 'pendiente_sede', 'pendiente_deh', 'enviado_deh', 'pendiente_cie', 'enviado_ci', 'entregado_op',
  'notificada', 'leida', 'rehusada', 'expirada', 'anulada', 'ausente', 'desconocido', 'direccion_incorrecta', 'fallecido', 'extraviada', 'error',
  'sin_informacion',
];

describe('Notific@ states', () => {
  it('knows every estado of the reference, and nothing else', () => {
    for (const s of ALL_STATES) expect(isKnownState(s)).toBe(true);
    expect(new Set([...FINAL_STATES, ...OPEN_STATES])).toEqual(new Set(ALL_STATES));
  });

  it('has no state both open and final', () => {
    for (const s of FINAL_STATES) expect(OPEN_STATES.has(s)).toBe(false);
  });

  it('takes delivery outcomes, anulada included, as final', () => {
    for (const s of ['notificada', 'leida', 'rehusada', 'expirada', 'anulada', 'ausente', 'desconocido', 'direccion_incorrecta', 'fallecido', 'extraviada', 'error']) {
      expect(isFinalState(s)).toBe(true);
    }
  });

  it('keeps the states on the way, and sin_informacion, open', () => {
    for (const s of ['envio_programado', 'pendiente_envio', 'pendiente_sede', 'pendiente_deh', 'enviado_deh', 'pendiente_cie', 'enviado_ci', 'entregado_op', 'sin_informacion']) {
      expect(isKnownState(s)).toBe(true);
      expect(isFinalState(s)).toBe(false);
    }
  });

  it('does not know rechazada, differently cased or padded states, or the empty string', () => {
    for (const s of ['rechazada', 'Notificada', ' leida', 'leida ', '', 'constructor', '__proto__']) {
      expect(isKnownState(s)).toBe(false);
      expect(isFinalState(s)).toBe(false);
    }
  });
});

describe('originOfMode', () => {
  it("names the callback's modoNotificacion as notib does", () => {
    expect(['1', '2', '3', '4', '5'].map(originOfMode)).toEqual(['sede', 'funcionario_habilitado', 'postal', 'electronico', 'carpeta']);
  });

  it('gives no origin for an absent or unknown mode', () => {
    for (const mode of [undefined, '', '0', '6', ' 1', 'sede']) expect(originOfMode(mode)).toBeUndefined();
  });

  it('gives no origin for a mode named like a property every object has', () => {
    for (const mode of ['constructor', 'toString', '__proto__', 'hasOwnProperty']) expect(originOfMode(mode)).toBeUndefined();
  });

  it('ranks the states on the way in the order an envío goes through them, and every final state above them', () => {
    const way = ['envio_programado', 'pendiente_envio', 'pendiente_deh', 'enviado_deh', 'entregado_op'];
    for (let i = 1; i < way.length; i++) expect(stateRank(way[i])).toBeGreaterThan(stateRank(way[i - 1]));
    const highestOpen = Math.max(...[...OPEN_STATES].map(stateRank));
    for (const s of FINAL_STATES) expect(stateRank(s)).toBeGreaterThan(highestOpen);
  });

  it('ranks an unknown or inherited name as a waiting state, never as final', () => {
    for (const s of ['constructor', '__proto__', 'rechazada']) expect(stateRank(s)).toBe(stateRank('pendiente_deh'));
  });
});
