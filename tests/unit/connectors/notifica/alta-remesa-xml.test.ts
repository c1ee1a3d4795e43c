import { DOMParser, type Element } from '@xmldom/xmldom';
import { ALTA_REMESA_PREFIX, altaRemesaEnviosXml } from '../../../../src/connectors/notifica/alta-remesa-xml';
import { NOTIFICA_NS, type NotificaRemesa } from '../../../../src/connectors/notifica/remesa';
import { PasarelaError } from '../../../../src/core/errors';

function remesa(extra: Partial<NotificaRemesa> = {}): NotificaRemesa {
  return {
    organismoEmisor: 'L02000023',
    tipoEnvio: 2,
    concepto: 'Resolución de ejemplo',
    procedimiento: '994471',
    documento: { contenido: 'JVBERi0xLjQK', hash: 'q1w2e3r4t5y6u7i8o9p0a1s2d3f4g5h6j7k8l9z0x1c=', generarCsv: false },
    envios: [{ titular: { nif: '99000003E', nombre: 'María', apellidos: 'Ejemplo Prueba' } }],
    caducidad: '2026-06-11',
    ...extra,
  };
}

function parse(xml: string): Element {
  const errors: string[] = [];
  const doc = new DOMParser({ onError: (level, message) => { if (level !== 'warning') errors.push(message); } })
    .parseFromString(xml, 'text/xml');
  expect(errors).toEqual([]);
  return doc.documentElement as Element;
}

function children(e: Element): Element[] {
  return Array.from(e.childNodes).filter((n): n is Element => n.nodeType === 1);
}

function child(e: Element, name: string): Element {
  const found = children(e).filter((c) => c.localName === name);
  expect(found).toHaveLength(1);
  return found[0];
}

function path(root: Element, ...names: string[]): Element {
  return names.reduce(child, root);
}

function all(e: Element): Element[] {
  return children(e).flatMap((c) => [c, ...all(c)]);
}

function failureOf(run: () => unknown): PasarelaError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(PasarelaError);
    return e as PasarelaError;
  }
  throw new Error('the writer did not fail');
}

describe('altaRemesaEnviosXml', () => {
  it('writes only the altaRemesaEnvios element, in the altaRemesaEnvios namespace with qualified children', () => {
    const xml = altaRemesaEnviosXml(remesa(), ['R1']);
    expect(xml.startsWith(`<${ALTA_REMESA_PREFIX}:altaRemesaEnvios xmlns:not="${NOTIFICA_NS.alta}">`)).toBe(true);
    expect(xml).not.toContain('<?xml');
    expect(xml).not.toMatch(/>\s+</);
    const root = parse(xml);
    expect(root.localName).toBe('altaRemesaEnvios');
    expect(root.namespaceURI).toBe(NOTIFICA_NS.alta);
    for (const e of all(root)) {
      expect(e.namespaceURI).toBe(NOTIFICA_NS.alta);
      expect(e.prefix).toBe('not');
    }
  });

  it('writes the remesa in the XSD declaration order', () => {
    const root = parse(altaRemesaEnviosXml(remesa({ descripcion: 'D', fechaEnvioProgramado: '2026-06-05', retardo: 3 }), ['R1']));
    expect(children(root).map((c) => c.localName)).toEqual([
      'codigoOrganismoEmisor', 'tipoEnvio', 'concepto', 'descripcion', 'fechaEnvioProgramado', 'procedimiento', 'documento', 'envios', 'opcionesRemesa',
    ]);
    expect(path(root, 'codigoOrganismoEmisor').textContent).toBe('L02000023');
    expect(path(root, 'tipoEnvio').textContent).toBe('2');
    expect(path(root, 'fechaEnvioProgramado').textContent).toBe('2026-06-05');
    expect(children(path(root, 'documento')).map((c) => c.localName)).toEqual(['contenido', 'hash', 'opcionesDocumento']);
  });

  it('leaves out optional elements that are absent', () => {
    const root = parse(altaRemesaEnviosXml(remesa({ procedimiento: undefined, caducidad: undefined }), ['R1']));
    expect(children(root).map((c) => c.localName)).toEqual(['codigoOrganismoEmisor', 'tipoEnvio', 'concepto', 'documento', 'envios']);
    expect(children(path(root, 'envios', 'envio')).map((c) => c.localName)).toEqual(['referenciaEmisor', 'titular']);
  });

  it('writes the options as <opcion tipo="…"> elements', () => {
    const xml = altaRemesaEnviosXml(remesa({ retardo: 0, documento: { ...remesa().documento, normalizado: true } }), ['R1']);
    expect(xml).toContain('<not:opcionesRemesa><not:opcion tipo="caducidad">2026-06-11</not:opcion><not:opcion tipo="retardo">0</not:opcion></not:opcionesRemesa>');
    expect(xml).toContain('<not:opcionesDocumento><not:opcion tipo="normalizado">si</not:opcion><not:opcion tipo="generarCsv">no</not:opcion></not:opcionesDocumento>');
    const normalizadoNo = altaRemesaEnviosXml(remesa({ documento: { ...remesa().documento, normalizado: false } }), ['R1']);
    expect(normalizadoNo).toContain('<not:opcion tipo="normalizado">no</not:opcion>');
    expect(altaRemesaEnviosXml(remesa(), ['R1'])).toContain('<not:opcionesDocumento><not:opcion tipo="generarCsv">no</not:opcion></not:opcionesDocumento>');
  });

  it('gives the i-th envío the i-th referenciaEmisor', () => {
    const envios = ['99000003E', '99000006W', '99000007A'].map((nif) => ({ titular: { nif } }));
    const root = parse(altaRemesaEnviosXml(remesa({ envios }), ['0199c1b2-a', '0199c1b2-b', '0199c1b2-c']));
    const items = children(path(root, 'envios'));
    expect(items.map((e) => path(e, 'referenciaEmisor').textContent)).toEqual(['0199c1b2-a', '0199c1b2-b', '0199c1b2-c']);
    expect(items.map((e) => path(e, 'titular', 'nif').textContent)).toEqual(['99000003E', '99000006W', '99000007A']);
  });

  it('writes a complete envío: titular, destinatarios, entregaPostal, entregaDEH', () => {
    const root = parse(altaRemesaEnviosXml(remesa({
      envios: [{
        titular: { nif: 'B99000051', razonSocial: 'Empresa', email: 'a@example.org', telefono: '+34600000000', codigoDestino: 'L01230503' },
        destinatarios: [{ nif: 'Y9000004A', nombre: 'Juan', apellidos: 'Representante' }],
        entregaPostal: {
          tipoDomicilio: 1, tipoVia: 'CL', nombreVia: 'Maestra', numeroCasa: '12', portal: '1', puerta: 'B', escalera: 'A', planta: '2',
          bloque: '3', complemento: 'Local', codigoPostal: '23002', apartadoCorreos: '99', municipio: '230503', provincia: '23', pais: 'ES',
          poblacion: 'Jaén', linea1: 'L1', linea2: 'L2',
        },
        entregaDEH: { obligado: true, codigoProcedimiento: '994471' },
      }],
    }), ['R1']));
    const envio = path(root, 'envios', 'envio');
    expect(children(envio).map((c) => c.localName)).toEqual(['referenciaEmisor', 'titular', 'destinatarios', 'entregaPostal', 'entregaDEH']);
    expect(children(path(envio, 'titular')).map((c) => c.localName)).toEqual(['nif', 'razonSocial', 'email', 'telefono', 'codigoDestino']);
    expect(path(envio, 'destinatarios', 'destinatario', 'apellidos').textContent).toBe('Representante');
    expect(children(path(envio, 'entregaPostal')).map((c) => c.localName)).toEqual([
      'tipoDomicilio', 'tipoVia', 'nombreVia', 'numeroCasa', 'portal', 'puerta', 'escalera', 'planta', 'bloque', 'complemento',
      'codigoPostal', 'apartadoCorreos', 'municipio', 'provincia', 'pais', 'poblacion', 'linea1', 'linea2',
    ]);
    expect(path(envio, 'entregaPostal', 'tipoDomicilio').textContent).toBe('1');
    expect(path(envio, 'entregaDEH', 'obligado').textContent).toBe('true');
    expect(path(envio, 'entregaDEH', 'codigoProcedimiento').textContent).toBe('994471');
  });

  it('writes obligado false', () => {
    const xml = altaRemesaEnviosXml(remesa({ envios: [{ titular: { nif: '99000003E' }, entregaDEH: { obligado: false } }] }), ['R1']);
    expect(xml).toContain('<not:entregaDEH><not:obligado>false</not:obligado></not:entregaDEH>');
  });

  it('escapes markup so that every value comes back exactly', () => {
    const hostile = `</not:concepto><not:tipoEnvio>1</not:tipoEnvio> & "quoted" 'single' <![CDATA[x]]> ]]> &amp;`;
    const root = parse(altaRemesaEnviosXml(remesa({
      concepto: hostile, descripcion: 'línea\r\ncon CR y LF', envios: [{ titular: { nif: '99000003E', razonSocial: 'A&B <S.L.>' } }],
    }), ['<ref>&"\'']));
    expect(path(root, 'concepto').textContent).toBe(hostile);
    expect(path(root, 'descripcion').textContent).toBe('línea\r\ncon CR y LF');
    expect(path(root, 'tipoEnvio').textContent).toBe('2');
    expect(path(root, 'envios', 'envio', 'titular', 'razonSocial').textContent).toBe('A&B <S.L.>');
    expect(path(root, 'envios', 'envio', 'referenciaEmisor').textContent).toBe('<ref>&"\'');
  });

  it('keeps accents and characters outside the BMP as they are', () => {
    const root = parse(altaRemesaEnviosXml(remesa({ concepto: 'Notificación ñ ç 𝔸' }), ['R1']));
    expect(path(root, 'concepto').textContent).toBe('Notificación ñ ç 𝔸');
  });

  it('writes a large document without trouble', () => {
    const contenido = Buffer.alloc(8 * 1024 * 1024, 7).toString('base64');
    const xml = altaRemesaEnviosXml(remesa({ documento: { ...remesa().documento, contenido } }), ['R1']);
    expect(xml).toContain(`<not:contenido>${contenido}</not:contenido>`);
  });

  it.each([
    ['fewer references than envíos', remesa(), []],
    ['more references than envíos', remesa(), ['R1', 'R2']],
    ['an empty reference', remesa(), ['']],
    ['a reference longer than 20 characters', remesa(), ['x'.repeat(21)]],
    ['no envíos', remesa({ envios: [] }), []],
    ['101 envíos', remesa({ envios: Array.from({ length: 101 }, () => ({ titular: {} })) }), Array.from({ length: 101 }, (_, i) => `R${i}`)],
    ['a NUL character', remesa({ concepto: 'a\u0000b' }), ['R1']],
    ['a lone surrogate', remesa({ envios: [{ titular: { nombre: 'a\ud800b' } }] }), ['R1']],
    ['a non-XML character in a reference', remesa(), ['R\u0001']],
  ])('refuses %s with TRANSFORM_FAILED', (_label, r, referencias) => {
    const e = failureOf(() => altaRemesaEnviosXml(r, referencias as string[]));
    expect(e.code).toBe('TRANSFORM_FAILED');
    expect(e.retryable).toBe(false);
  });

  it('accepts a reference of exactly 20 characters, counted as characters', () => {
    expect(() => altaRemesaEnviosXml(remesa(), ['x'.repeat(20)])).not.toThrow();
    expect(() => altaRemesaEnviosXml(remesa(), ['𝔸'.repeat(20)])).not.toThrow();
  });
});
