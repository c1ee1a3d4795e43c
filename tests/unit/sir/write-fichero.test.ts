import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseFichero } from '../../../src/sir/parse-fichero';
import { judgeFichero } from '../../../src/sir/reception';
import { hopFichero, writeFichero } from '../../../src/sir/write-fichero';
import { NOW, sampleFichero } from './fichero-sample';
import { SIR_SPECS, xmllint } from '../../helpers/xmllint';

describe('writeFichero', () => {
  it('writes back what it parsed: reading the output again gives the same segments', () => {
    const parsed = parseFichero(sampleFichero());
    const again = parseFichero(writeFichero(parsed));
    expect(again).toEqual(parsed);
  });

  it('keeps the Ministry\'s real rejection sample intact, annexes and signatures included', () => {
    const parsed = parseFichero(readFileSync(path.join(SIR_SPECS, 'samples', 'alsigm', 'misc', 'rechazo_obtenido.xml')));
    expect(parseFichero(writeFichero(parsed))).toEqual({ ...parsed, structure: [] });
  });

  it('escapes markup in values so a hostile summary cannot inject elements', () => {
    const parsed = parseFichero(sampleFichero());
    parsed.subject = { ...parsed.subject, Resumen: '</Resumen><Inyectado>x</Inyectado> & "más"' };
    const again = parseFichero(writeFichero(parsed));
    expect(again.subject?.Resumen).toBe('</Resumen><Inyectado>x</Inyectado> & "más"');
    expect(again.structure).toEqual([]);
  });

  it('writes a fichero that validates against the official XSD', () => {
    const r = xmllint(writeFichero(parseFichero(sampleFichero())));
    expect(r.output).toContain('validates');
    expect(r.status).toBe(0);
  });
});

describe('hopFichero', () => {
  const received = parseFichero(sampleFichero());
  const start = received.control!.Codigo_Entidad_Registral_Inicio!;
  const receiver = received.destination!.Codigo_Entidad_Registral_Destino!;

  it('turns the received entry into a RECHAZO to the starting office, with the reason and everything else unchanged', () => {
    const hop = hopFichero(received, {
      annotationType: '04', reason: 'Documentación incompleta', from: { office: receiver }, to: { office: start, officeName: 'Oficina de inicio' },
    });
    expect(hop.control).toEqual({ ...received.control, Tipo_Anotacion: '04', Descripcion_Tipo_Anotacion: 'Documentación incompleta' });
    expect(hop.origin).toMatchObject({ Codigo_Entidad_Registral_Origen: receiver, Numero_Registro_Entrada: received.origin!.Numero_Registro_Entrada, Fecha_Hora_Entrada: received.origin!.Fecha_Hora_Entrada });
    expect(hop.destination).toEqual({ Codigo_Entidad_Registral_Destino: start, Decodificacion_Entidad_Registral_Destino: 'Oficina de inicio' });
    expect(hop.annexes).toEqual(received.annexes);
    expect(hop.interested).toEqual(received.interested);
    const xml = writeFichero(hop);
    expect(xmllint(xml).status).toBe(0);
    // The starting office, receiving it, finds nothing to refuse.
    const verdict = judgeFichero(parseFichero(xml), { own: { isOurs: (o) => o === start }, now: NOW });
    expect(verdict).toMatchObject({ outcome: 'accept' });
  });

  it('turns it into a REENVÍO to another office and unit, keeping the exchange id and the starting office', () => {
    const hop = hopFichero(received, { annotationType: '03', reason: 'No es de nuestra competencia', from: { office: receiver }, to: { office: 'O00099999', unit: 'L01990001' } });
    expect(hop.control?.Identificador_Intercambio).toBe(received.control?.Identificador_Intercambio);
    expect(hop.control?.Codigo_Entidad_Registral_Inicio).toBe(start);
    expect(hop.destination).toEqual({ Codigo_Entidad_Registral_Destino: 'O00099999', Codigo_Unidad_Tramitacion_Destino: 'L01990001' });
    expect(judgeFichero(parseFichero(writeFichero(hop)), { own: { isOurs: (o) => o === 'O00099999' }, now: NOW }).outcome).toBe('accept');
  });

  it('is pure: the received fichero is left as it was', () => {
    const before = structuredClone(received);
    hopFichero(received, { annotationType: '04', reason: 'x', from: { office: receiver }, to: { office: start } });
    expect(received).toEqual(before);
  });
});

describe('hopFichero without a unit of the sending office', () => {
  it('keeps the original origin unit, so an entry without interested parties stays receivable (RC-117)', () => {
    const received = parseFichero(sampleFichero({ interested: '<De_Interesado></De_Interesado>' }));
    const start = received.control!.Codigo_Entidad_Registral_Inicio!;
    const hop = hopFichero(received, { annotationType: '04', reason: 'x', from: { office: 'O00067890' }, to: { office: start } });
    expect(hop.origin?.Codigo_Unidad_Tramitacion_Origen).toBe(received.origin?.Codigo_Unidad_Tramitacion_Origen);
    expect(judgeFichero(parseFichero(writeFichero(hop)), { own: { isOurs: (o) => o === start }, now: NOW }).outcome).toBe('accept');
  });
});
