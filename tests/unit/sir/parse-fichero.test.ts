import { Errors, isPasarelaError } from '../../../src/core/errors';
import { parseFichero } from '../../../src/sir/parse-fichero';
import { PARTY, sampleFichero } from './fichero-sample';

function reasonOf(input: string | Buffer, maxBytes?: number): unknown {
  try {
    parseFichero(input, { maxBytes });
  } catch (e) {
    if (isPasarelaError(e) && e.code === Errors.SIR_FICHERO_UNREADABLE.code) return e.details.reason;
    throw e;
  }
  return 'parsed';
}

describe('parseFichero on hostile or foreign input', () => {
  it('refuses a DOCTYPE, so no entity can expand', () => {
    const bomb = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]><Fichero_Intercambio_SICRES_3>&b;</Fichero_Intercambio_SICRES_3>';
    expect(reasonOf(bomb)).toBe('doctype');
  });

  it('refuses an external entity declaration', () => {
    expect(reasonOf('<!DOCTYPE r SYSTEM "file:///etc/passwd"><r/>')).toBe('doctype');
  });

  it('refuses a document over the size limit before parsing it', () => {
    expect(reasonOf(sampleFichero(), 100)).toBe('too-large');
  });

  it('refuses elements nested deeper than any fichero', () => {
    const deep = '<a>'.repeat(40) + 'x' + '</a>'.repeat(40);
    expect(reasonOf(deep)).toBe('too-deep');
  });

  it('finds too-deep nesting by its own count: 17 levels, which the XML parser would still build', () => {
    const nested = (levels: number) => '<a>'.repeat(levels) + '</a>'.repeat(levels);
    expect(reasonOf(nested(17))).toBe('too-deep');
    expect(reasonOf(nested(16))).toBe('not-a-fichero');
  });

  it('does not count tags inside comments, CDATA, processing instructions or attribute values, nor empty elements', () => {
    const tags = '<a>'.repeat(40);
    const inert = `<!--${tags}--><?pi ${tags}?><x><![CDATA[${tags}]]>${'<b/>'.repeat(20)}${'<b c=">" d=\'/>\'/>'.repeat(20)}</x>`;
    expect(parseFichero(sampleFichero().replace('<De_Asunto>', `${inert}<De_Asunto>`)).structure).toContain('Fichero_Intercambio_SICRES_3 has the unknown element x');
  });

  it('refuses a byte buffer that is not valid UTF-8, never reading it with U+FFFD in place of the bad bytes', () => {
    const xml = Buffer.from(sampleFichero().replace('Solicitud de prueba', 'Solicitud a\u00f1o'), 'utf8');
    const at = xml.indexOf(Buffer.from('a\u00f1o', 'utf8'));
    for (const bad of [[0xff], [0xf1], [0xc0, 0xaf], [0xed, 0xa0, 0x80]]) {
      const broken = Buffer.concat([xml.subarray(0, at + 1), Buffer.from(bad), xml.subarray(at + 3)]);
      expect({ bad, reason: reasonOf(broken) }).toEqual({ bad, reason: 'bad-encoding' });
    }
  });

  it('refuses text that is not XML', () => {
    expect(reasonOf('this is not xml')).toBe('not-well-formed');
    expect(reasonOf('<Fichero_Intercambio_SICRES_3><De_Destino></Fichero_Intercambio_SICRES_3>')).toBe('not-well-formed');
  });

  it('refuses an empty document', () => {
    expect(reasonOf('  \n')).toBe('empty');
  });

  it('refuses an undefined entity reference', () => {
    expect(reasonOf(sampleFichero({ form: '<De_Formulario_Generico><Expone>&nbsp;</Expone><Solicita/></De_Formulario_Generico>' }))).toBe('not-well-formed');
  });

  it('refuses a document whose root is not a fichero', () => {
    expect(reasonOf('<De_Mensaje><Tipo_Mensaje>01</Tipo_Mensaje></De_Mensaje>')).toBe('not-a-fichero');
  });
});

describe('parseFichero on a fichero', () => {
  it('reads each segment as a map of exact texts', () => {
    const f = parseFichero(sampleFichero());
    expect(f.origin?.Codigo_Entidad_Registral_Origen).toBe('O00012345');
    expect(f.destination).toEqual({ Codigo_Entidad_Registral_Destino: 'O00067890' });
    expect(f.interested).toHaveLength(1);
    expect(f.annexes[0].Anexo).toBe('U29saWNpdHVkIGRlIHBydWViYSBTSVIK');
    expect(f.form).toEqual({ Expone: '', Solicita: '' });
    expect(f.structure).toEqual([]);
  });

  it('keeps text exact: no trimming, no number parsing, entities decoded, CDATA unwrapped', () => {
    const party = PARTY.replace('<Pais_Interesado>724', '<Pais_Interesado>0724').replace('Calle Ejemplo 1', ' Calle &amp; <![CDATA[<Plaza>]]> ');
    const f = parseFichero(sampleFichero({ interested: party }));
    expect(f.interested[0].Pais_Interesado).toBe('0724');
    expect(f.interested[0].Direccion_Interesado).toBe(' Calle & <Plaza> ');
  });

  it('unwraps CDATA in base64 leaves, which are read raw', () => {
    const f = parseFichero(sampleFichero().replace('<Anexo>U29s', '<Anexo><![CDATA[U29s').replace('SVIK</Anexo>', 'SVIK]]></Anexo>'));
    expect(f.annexes[0].Anexo).toBe('U29saWNpdHVkIGRlIHBydWViYSBTSVIK');
    expect(f.structure).toEqual([]);
  });

  it('reads a UTF-8 byte buffer that starts with a BOM', () => {
    const bytes = Buffer.from('\ufeff' + sampleFichero().replace('Solicitud de prueba', 'Solicitud año'), 'utf8');
    expect(parseFichero(bytes).subject?.Resumen).toBe('Solicitud año');
  });

  it('reads a byte buffer declared ISO-8859-1 as Latin-1', () => {
    const bytes = Buffer.from(sampleFichero().replace('UTF-8', 'ISO-8859-1').replace('Solicitud de prueba', 'Solicitud año'), 'latin1');
    expect(parseFichero(bytes).subject?.Resumen).toBe('Solicitud año');
  });

  it('records segments out of order, repeated segments and unknown elements as structure facts', () => {
    const xml = sampleFichero()
      .replace('<De_Asunto>', '<De_Destino><Codigo_Entidad_Registral_Destino>O00011111</Codigo_Entidad_Registral_Destino></De_Destino><De_Asunto><Extra>x</Extra>');
    const f = parseFichero(xml);
    expect(f.destination?.Codigo_Entidad_Registral_Destino).toBe('O00067890');
    expect(f.structure).toEqual(expect.arrayContaining(['Fichero_Intercambio_SICRES_3 has De_Destino out of order', 'De_Asunto has the unknown element Extra']));
  });

  it('records leaves out of order, repeated, or holding elements', () => {
    const xml = sampleFichero({
      destination: '<De_Destino><Decodificacion_Entidad_Registral_Destino>x</Decodificacion_Entidad_Registral_Destino><Codigo_Entidad_Registral_Destino>O00067890</Codigo_Entidad_Registral_Destino><Codigo_Entidad_Registral_Destino>O1</Codigo_Entidad_Registral_Destino></De_Destino>',
    }).replace('<Hash>', '<Hash><b/>');
    const f = parseFichero(xml);
    expect(f.destination?.Codigo_Entidad_Registral_Destino).toBe('O00067890');
    expect(f.structure).toEqual(expect.arrayContaining([
      'De_Destino has Codigo_Entidad_Registral_Destino out of order',
      'De_Anexo/Hash contains elements',
    ]));
  });

  it('reads a missing interested segment as an empty list and an empty one as an empty map', () => {
    expect(parseFichero(sampleFichero({ interested: '' })).interested).toEqual([]);
    expect(parseFichero(sampleFichero({ interested: '<De_Interesado/>' })).interested).toEqual([{}]);
  });
});
