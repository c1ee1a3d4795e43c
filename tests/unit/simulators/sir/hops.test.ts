import { hopBackXml, HOP_REASONS, hopTypeOf } from '../../../../simulators/sir/hops';
import type { RegistryEntry } from '../../../../src/core/registry-entry';
import { parseFichero } from '../../../../src/sir/parse-fichero';
import { judgeFichero } from '../../../../src/sir/reception';
import { registryEntryToSicres3 } from '../../../../transforms/registry-entry-to-sicres3';
import { envelopeOf, minimalEntry, richEntry } from '../../../fixtures/sir/registry-entries';
import { xmllint } from '../../../helpers/xmllint';

const received = (entry: RegistryEntry) => parseFichero(registryEntryToSicres3.apply(envelopeOf(entry)).xml);
/** The reception rules of the office the hop goes to, which is then the only office "ours". */
const judgedBy = (office: string) => ({ own: { isOurs: (o: string) => o === office } });

describe('SIR simulator hop ficheros (RECHAZO and REENVÍO back to the starting office)', () => {
  it.each(['04', '03'] as const)('sends a rich entry back as %s: XSD-valid, accepted by the starting office, only the hop changed', (type) => {
    const f = received(richEntry());
    const xml = hopBackXml(f, type);
    const lint = xmllint(xml);
    expect(lint.output).toContain('validates');
    expect(lint.status).toBe(0);
    const back = parseFichero(xml);
    expect(back.structure).toEqual([]);
    expect(judgeFichero(back, judgedBy('O00012345'))).toEqual({ outcome: 'accept', code: null, reasons: [] });
    expect(back.origin).toEqual({
      ...f.origin,
      Codigo_Entidad_Registral_Origen: 'O00067890', Decodificacion_Entidad_Registral_Origen: 'Registro del Ministerio',
      Codigo_Unidad_Tramitacion_Origen: 'E00000001', Decodificacion_Unidad_Tramitacion_Origen: 'Subdirección',
    });
    expect(back.destination).toEqual({ Codigo_Entidad_Registral_Destino: 'O00012345', Decodificacion_Entidad_Registral_Destino: 'Registro General de la Diputación' });
    expect(back.control).toEqual({ ...f.control, Tipo_Anotacion: type, Descripcion_Tipo_Anotacion: HOP_REASONS[type] });
    expect(back.interested).toEqual(f.interested);
    expect(back.subject).toEqual(f.subject);
    expect(back.annexes).toEqual(f.annexes);
    expect(back.form).toEqual(f.form);
    expect(hopTypeOf(back)).toBe(type);
  });

  it('keeps the origin unit of an entry without parties when the destination names none (plan RC-117)', () => {
    const f = received(minimalEntry());
    const xml = hopBackXml(f, '04');
    expect(xmllint(xml).status).toBe(0);
    const back = parseFichero(xml);
    expect(back.origin).toMatchObject({ Codigo_Entidad_Registral_Origen: 'O00067890', Codigo_Unidad_Tramitacion_Origen: 'L01230001' });
    expect(judgeFichero(back, judgedBy('O00012345')).outcome).toBe('accept');
  });

  it('goes to Codigo_Entidad_Registral_Inicio even when the entry reached the destination from elsewhere', () => {
    const f = received(minimalEntry());
    f.origin!.Codigo_Entidad_Registral_Origen = 'O00011111';
    const back = parseFichero(hopBackXml(f, '04', 'Motivo <propio> & "otro"'));
    expect(back.destination?.Codigo_Entidad_Registral_Destino).toBe('O00012345');
    expect(back.control?.Descripcion_Tipo_Anotacion).toBe('Motivo <propio> & "otro"');
  });

  it('tells an ENVÍO from a hop', () => {
    expect(hopTypeOf(received(minimalEntry()))).toBeUndefined();
  });
});
