import { NOTIFICA_NS } from '../../../src/connectors/notifica/remesa';
import { FINAL_STATES, OPEN_STATES } from '../../../src/core/notifica-states';
import { readSoap, SOAP_ENV_NS } from '../../../src/connectors/notifica/xml';
import type { StateEvent } from '../../../src/journal/notifica';
import { ADVISER_CODES, parseCallback, type ParsedCallback } from '../../../src/notifica/adviser';

type Fields = Record<string, string | Record<string, string> | undefined>;

const PDF = Buffer.from('%PDF-1.4\n% acuse de prueba\n');

/** The §4.2 example callback, field by field; `undefined` leaves a field out. */
function fields(extra: Fields = {}): Fields {
  return {
    organismoEmisor: 'L01230505',
    identificador: '5af994cdbef3f',
    tipoEntrega: '2',
    modoNotificacion: '5',
    estado: 'notificada',
    fechaEstado: '2025-06-03T09:41:12+02:00',
    receptor: { nifReceptor: '12345678Z', nombreReceptor: 'María López García', vinculoReceptor: '1' },
    acusePDF: { contenido: PDF.toString('base64'), hash: 'b081c7abf42d5a8e5a4050958f28046bdf86158c', csvResguardo: 'ABCD-EFGH-1234' },
    ...extra,
  };
}

/** A `sincronizarEnvio` SOAP callback as text: children qualified (the WSDL) or not (notib's RPC form). */
function callbackXml(f: Fields, qualified = true): string {
  const name = (n: string) => (qualified ? `sin:${n}` : n);
  const el = (n: string, v: string | Record<string, string>): string =>
    `<${name(n)}>${typeof v === 'string' ? v : Object.entries(v).map(([k, x]) => el(k, x)).join('')}</${name(n)}>`;
  const children = Object.entries(f).filter((e): e is [string, string | Record<string, string>] => e[1] !== undefined).map(([n, v]) => el(n, v)).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}"><soapenv:Body>`
    + `<sin:sincronizarEnvio xmlns:sin="${NOTIFICA_NS.adviser}">${children}</sin:sincronizarEnvio></soapenv:Body></soapenv:Envelope>`;
}

const parse = (f: Fields, qualified = true): ParsedCallback => parseCallback(readSoap(callbackXml(f, qualified)));

function eventOf(p: ParsedCallback): StateEvent {
  if (!p.ok) throw new Error(`refused with ${p.answer.code}: ${p.reason}`);
  return p.event;
}

/** The code the callback is answered with: 000 when it is taken. */
function answerCodeOf(p: ParsedCallback): string {
  return p.ok ? ADVISER_CODES.ok.code : p.answer.code;
}

function refusalOf(p: ParsedCallback): Extract<ParsedCallback, { ok: false }> {
  expect(p.ok).toBe(false);
  return p as Extract<ParsedCallback, { ok: false }>;
}

describe.each([
  ['qualified', true],
  ['unqualified', false],
])('parseCallback, children %s', (_form, qualified) => {
  it('reads the callback into a state event', () => {
    const e = eventOf(parse(fields(), qualified));
    expect(e).toMatchObject({
      identificador: '5af994cdbef3f', organismo: 'L01230505', estado: 'notificada', final: true, origin: 'carpeta', source: 'callback',
      receptor: { nif: '12345678Z', name: 'María López García', link: '1' },
    });
  });

  it('decodes the acuse content and keeps its csvResguardo', () => {
    const e = eventOf(parse(fields(), qualified));
    expect(e.acuse?.content?.equals(PDF)).toBe(true);
    expect(e.acuse?.csv).toBe('ABCD-EFGH-1234');
  });

  it('normalises fechaEstado to UTC ISO-8601', () => {
    expect(eventOf(parse(fields(), qualified)).at).toBe('2025-06-03T07:41:12.000Z');
    expect(eventOf(parse(fields({ fechaEstado: '2025-06-03T09:41:12.5Z' }), qualified)).at).toBe('2025-06-03T09:41:12.500Z');
    expect(eventOf(parse(fields({ fechaEstado: '2025-12-31T23:30:00-01:00' }), qualified)).at).toBe('2026-01-01T00:30:00.000Z');
  });

  it('refuses a callback without identificador with 002', () => {
    const r = refusalOf(parse(fields({ identificador: undefined }), qualified));
    expect(r.answer).toEqual(ADVISER_CODES.unknownIdentificador);
    expect(r.answer.code).toBe('002');
    expect(r.identificador).toBe('');
  });

  it('refuses a callback whose organismoEmisor is not a DIR3 code with 001', () => {
    for (const organismoEmisor of [undefined, 'L0123050', 'L012305055', 'l01230505', 'L0123-505']) {
      const r = refusalOf(parse(fields({ organismoEmisor }), qualified));
      expect(r.answer.code).toBe('001');
      expect(r.identificador).toBe('5af994cdbef3f');
    }
  });

  it('refuses a callback whose estado is not a Notific@ state with 003', () => {
    for (const estado of [undefined, 'rechazada', 'NOTIFICADA', 'notificada_ya']) {
      expect(refusalOf(parse(fields({ estado }), qualified)).answer.code).toBe('003');
    }
  });

  it('refuses a certifying callback without acuse content with 004', () => {
    for (const tipoEntrega of ['2', '3']) {
      expect(refusalOf(parse(fields({ tipoEntrega, acusePDF: undefined }), qualified)).answer.code).toBe('004');
      expect(refusalOf(parse(fields({ tipoEntrega, acusePDF: { contenido: '', hash: 'x' } }), qualified)).answer.code).toBe('004');
    }
  });

  it('refuses a callback whose fechaEstado is missing or not a date with 666', () => {
    for (const fechaEstado of [undefined, '', 'ayer', '2025-13-45T99:00:00Z']) {
      expect(refusalOf(parse(fields({ fechaEstado }), qualified)).answer.code).toBe('666');
    }
  });
});

describe('parseCallback: every refusal code', () => {
  it.each([
    ['001', { organismoEmisor: 'nope' }],
    ['002', { identificador: 'not an identificador' }],
    ['003', { estado: 'perdida' }],
    ['004', { acusePDF: undefined }],
    ['666', { fechaEstado: 'pronto' }],
  ] as const)('answers %s with notib’s text for it', (code, extra) => {
    const r = refusalOf(parse(fields(extra)));
    expect(r.answer.code).toBe(code);
    expect(Object.values(ADVISER_CODES)).toContainEqual(r.answer);
  });

  it('checks the identificador first, then the organismo, the estado, the date and the acuse', () => {
    const all = { identificador: '', organismoEmisor: 'x', estado: 'x', fechaEstado: 'x', acusePDF: undefined };
    expect(refusalOf(parse(fields(all))).answer.code).toBe('002');
    expect(refusalOf(parse(fields({ ...all, identificador: 'id-1' }))).answer.code).toBe('001');
    expect(refusalOf(parse(fields({ ...all, identificador: 'id-1', organismoEmisor: 'L01230505' }))).answer.code).toBe('003');
    expect(refusalOf(parse(fields({ ...all, identificador: 'id-1', organismoEmisor: 'L01230505', estado: 'leida' }))).answer.code).toBe('666');
    expect(refusalOf(parse(fields({ ...all, identificador: 'id-1', organismoEmisor: 'L01230505', estado: 'leida', fechaEstado: '2025-06-03T09:41:12Z' }))).answer.code).toBe('004');
  });
});

describe('parseCallback: what the event says', () => {
  it('marks final states final and open states open', () => {
    for (const estado of FINAL_STATES) expect(eventOf(parse(fields({ estado }))).final).toBe(true);
    for (const estado of OPEN_STATES) expect(eventOf(parse(fields({ estado }))).final).toBe(false);
  });

  it('takes the origin from modoNotificacion', () => {
    const origins = ['1', '2', '3', '4', '5'].map((modoNotificacion) => eventOf(parse(fields({ modoNotificacion }))).origin);
    expect(origins).toEqual(['sede', 'funcionario_habilitado', 'postal', 'electronico', 'carpeta']);
  });

  it('gives no origin for a missing or unknown modoNotificacion', () => {
    for (const modoNotificacion of [undefined, '', '9', 'sede']) expect(eventOf(parse(fields({ modoNotificacion }))).origin).toBeUndefined();
  });

  it('gives no origin for a modoNotificacion that names a property every object has', () => {
    for (const modoNotificacion of ['constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(eventOf(parse(fields({ modoNotificacion }))).origin).toBeUndefined();
    }
  });

  it('reads a datado-only callback without acuse', () => {
    const e = eventOf(parse(fields({ tipoEntrega: '1', acusePDF: undefined, estado: 'enviado_deh' })));
    expect(e.acuse).toBeUndefined();
    expect(e.final).toBe(false);
  });

  it('gives no receptor when the callback names none, or names one without NIF', () => {
    expect(eventOf(parse(fields({ receptor: undefined }))).receptor).toBeUndefined();
    expect(eventOf(parse(fields({ receptor: { nombreReceptor: 'Alguien', vinculoReceptor: '1' } }))).receptor).toBeUndefined();
  });

  it('leaves the acuse hash to the store', () => {
    expect(eventOf(parse(fields())).acuse?.sha256).toBe('');
  });

  it('gives no acuse csv when the callback has none', () => {
    const e = eventOf(parse(fields({ acusePDF: { contenido: PDF.toString('base64'), hash: 'x' } })));
    expect(e.acuse?.csv).toBeUndefined();
  });

  it('reads a base64 acuse wrapped over several lines', () => {
    const big = Buffer.alloc(300, 0x41);
    const wrapped = big.toString('base64').replace(/(.{76})/g, '$1\n');
    expect(eventOf(parse(fields({ acusePDF: { contenido: wrapped, hash: 'x' } }))).acuse?.content?.equals(big)).toBe(true);
  });
});

describe('parseCallback: hostile callbacks', () => {
  it('refuses a huge identificador with 002 and echoes at most 64 characters of it', () => {
    const r = refusalOf(parse(fields({ identificador: 'A'.repeat(100_000) })));
    expect(r.answer.code).toBe('002');
    expect(r.identificador.length).toBeLessThanOrEqual(64);
  });

  it('takes an identificador of exactly 64 characters and refuses one of 65', () => {
    expect(eventOf(parse(fields({ identificador: 'a'.repeat(64) }))).identificador).toHaveLength(64);
    expect(refusalOf(parse(fields({ identificador: 'a'.repeat(65) }))).answer.code).toBe('002');
  });

  it('refuses an identificador with control or markup characters with 002', () => {
    for (const identificador of ['ab\tcd', 'ab\u0085cd', 'ab&lt;cd', 'ab cd', 'ab/../cd']) {
      expect(refusalOf(parse(fields({ identificador }))).answer.code).toBe('002');
    }
  });

  it('refuses an estado with control characters with 003, echoing a bounded reason', () => {
    const r = refusalOf(parse(fields({ estado: `notificada\u0085${'x'.repeat(10_000)}` })));
    expect(r.answer.code).toBe('003');
    expect(r.reason.length).toBeLessThan(200);
  });

  it('bounds the receptor it keeps', () => {
    const e = eventOf(parse(fields({ receptor: { nifReceptor: '1'.repeat(1000), nombreReceptor: 'n'.repeat(10_000), vinculoReceptor: '12345' } })));
    expect(e.receptor!.nif.length).toBeLessThanOrEqual(20);
    expect(e.receptor!.name.length).toBeLessThanOrEqual(300);
    expect(e.receptor!.link.length).toBeLessThanOrEqual(2);
  });

  it('bounds the acuse csv it keeps', () => {
    const e = eventOf(parse(fields({ acusePDF: { contenido: PDF.toString('base64'), hash: 'x', csvResguardo: 'C'.repeat(5000) } })));
    expect(e.acuse!.csv!.length).toBeLessThanOrEqual(100);
  });

  it('reads only the first of repeated fields', () => {
    const xml = callbackXml(fields()).replace('<sin:estado>notificada</sin:estado>', '<sin:estado>leida</sin:estado><sin:estado>rehusada</sin:estado>');
    expect(eventOf(parseCallback(readSoap(xml))).estado).toBe('leida');
  });

  it('refuses an empty callback with 002', () => {
    const msg = readSoap(`<soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}"><soapenv:Body><sin:sincronizarEnvio xmlns:sin="${NOTIFICA_NS.adviser}"/></soapenv:Body></soapenv:Envelope>`);
    expect(refusalOf(parseCallback(msg)).answer.code).toBe('002');
  });

  it('refuses a fechaEstado that is not an xs:dateTime with 666', () => {
    const values = ['1', '12', 'x 2020', 'March 7'];
    const outcomes = values.map((fechaEstado) => answerCodeOf(parse(fields({ fechaEstado }))));
    expect(Object.fromEntries(values.map((v, i) => [v, outcomes[i]]))).toEqual({ '1': '666', '12': '666', 'x 2020': '666', 'March 7': '666' });
  });
});
