import { createHash } from 'node:crypto';
import type { ParsedFichero, Segment } from '../../../src/sir/fichero';
import { ficheroToRegistryEntry } from '../../../transforms/sicres3-to-registry-entry';
import { fromSicresDateTime } from '../../../transforms/sicres3/from-dates';

/** Hand-built parsed ficheros (maps keyed by XSD element names), as parseFichero yields them. */

const PDF = Buffer.from('%PDF-1.4 fake', 'utf8');
const SIG = Buffer.from('<firma/>', 'utf8');
const sha = (b: Buffer) => createHash('sha256').update(b).digest();

function annexSegment(name: string, bytes: Buffer, seq: number, extra: Segment = {}): Segment {
  return {
    Nombre_Fichero_Anexado: name,
    Identificador_Fichero: `O00012345_24_00000002_01_000${seq}.${name.split('.').pop()!.toLowerCase()}`,
    Tipo_Documento: '02',
    Hash: sha(bytes).toString('base64'),
    Anexo: bytes.toString('base64'),
    ...extra,
  };
}

function richFichero(): ParsedFichero {
  return {
    origin: {
      Codigo_Entidad_Registral_Origen: 'O00012345', Decodificacion_Entidad_Registral_Origen: 'Registro General',
      Numero_Registro_Entrada: 'REGAGE-E-2024-000123', Fecha_Hora_Entrada: '20240715100000',
      Codigo_Unidad_Tramitacion_Origen: 'L01230001', Decodificacion_Unidad_Tramitacion_Origen: 'Secretaría',
    },
    destination: {
      Codigo_Entidad_Registral_Destino: 'O00067890', Decodificacion_Entidad_Registral_Destino: 'Registro del Ministerio',
      Codigo_Unidad_Tramitacion_Destino: 'E00000001', Decodificacion_Unidad_Tramitacion_Destino: 'Subdirección',
    },
    interested: [{
      Tipo_Documento_Identificacion_Interesado: 'N', Documento_Identificacion_Interesado: '00000000T',
      Nombre_Interesado: 'María', Primer_Apellido_Interesado: 'Núñez', Segundo_Apellido_Interesado: "O'Brien",
      Tipo_Documento_Identificacion_Representante: 'C', Documento_Identificacion_Representante: 'B00000000',
      Razon_Social_Representante: 'Gestoría Ejemplo S.L.',
      Pais_Interesado: '724', Provincia_Interesado: '23', Municipio_Interesado: '23050', Direccion_Interesado: 'Calle 1 <bajo> & "patio"',
      Codigo_Postal_Interesado: '23001', Correo_Electronico_Interesado: 'maria@example.org', Telefono_Contacto_Interesado: '600000000',
      Direccion_Electronica_Habilitada_Interesado: 'maria@deh.example.org', Canal_Preferente_Comunicacion_Interesado: '01',
      Pais_Representante: '724', Direccion_Electronica_Habilitada_Representante: 'gestoria@deh.example.org',
      Canal_Preferente_Comunicacion_Representante: '02', Observaciones: 'Actúa mediante representante',
    }],
    subject: { Resumen: 'Solicitud', Codigo_Asunto_Segun_Destino: 'SUBV01', Referencia_Externa: 'REF-1', Numero_Expediente: 'EXP-2024/77' },
    annexes: [
      annexSegment('Solicitud.PDF', PDF, 1, { Validez_Documento: '04', Tipo_MIME: 'application/pdf', Observaciones: 'Firmada' }),
      annexSegment('Solicitud.pdf.xsig', SIG, 2, {
        Tipo_Documento: '03', Validez_Documento: '01', Identificador_Documento_Firmado: 'O00012345_24_00000002_01_0001.pdf',
        Firma_Documento: 'c2ln', Certificado: 'Y2VydA==',
      }),
    ],
    control: {
      Tipo_Transporte_Entrada: '05', Numero_Transporte_Entrada: 'T-1', Nombre_Usuario: 'Usuario', Contacto_Usuario: 'registro@example.org',
      Identificador_Intercambio: 'O00012345_24_00000002', Aplicacion_Version_Emisora: 'RWE3', Tipo_Anotacion: '02',
      Descripcion_Tipo_Anotacion: 'Envío', Tipo_Registro: '1', Documentacion_Fisica: '2', Observaciones_Apunte: 'Sin incidencias',
      Indicador_Prueba: '0', Codigo_Entidad_Registral_Inicio: 'O00012345', Decodificacion_Entidad_Registral_Inicio: 'Registro General',
    },
    form: { Expone: 'Que desea presentar la solicitud.', Solicita: 'Que se tramite.' },
    structure: [],
  };
}

function minimalFichero(): ParsedFichero {
  return {
    origin: { Codigo_Entidad_Registral_Origen: 'O00012345', Numero_Registro_Entrada: 'E-1', Fecha_Hora_Entrada: '20240305101530', Codigo_Unidad_Tramitacion_Origen: 'L01230001' },
    destination: { Codigo_Entidad_Registral_Destino: 'O00067890' },
    interested: [{}],
    subject: { Resumen: 'Solicitud genérica' },
    annexes: [],
    control: {
      Identificador_Intercambio: 'O00012345_24_00000001', Tipo_Anotacion: '02', Tipo_Registro: '0',
      Documentacion_Fisica: '3', Indicador_Prueba: '1', Codigo_Entidad_Registral_Inicio: 'O00012345',
    },
    form: { Expone: '', Solicita: '' },
    structure: [],
  };
}

const codesOf = (f: ParsedFichero) => ficheroToRegistryEntry(f).problems.map((p) => `${p.pointer} ${p.code}`);

describe('sicres3-to-registry-entry', () => {
  it('maps every segment of a rich fichero to the canonical entry, SICRES codes read backwards', () => {
    const { entry, problems } = ficheroToRegistryEntry(richFichero());
    expect(problems).toEqual([]);
    expect(entry.origin).toStrictEqual({
      office: 'O00012345', officeName: 'Registro General', unit: 'L01230001', unitName: 'Secretaría',
      registryNumber: 'REGAGE-E-2024-000123', registryDate: '2024-07-15T10:00:00+02:00',
    });
    expect(entry.destination).toStrictEqual({ office: 'O00067890', officeName: 'Registro del Ministerio', unit: 'E00000001', unitName: 'Subdirección' });
    expect(entry.interested).toStrictEqual([{
      interested: {
        documentType: 'NIF', documentNumber: '00000000T', name: 'María', firstSurname: 'Núñez', secondSurname: "O'Brien",
        country: '724', province: '23', municipality: '23050', address: 'Calle 1 <bajo> & "patio"', postalCode: '23001',
        email: 'maria@example.org', phone: '600000000', electronicAddress: 'maria@deh.example.org', preferredChannel: 'postal',
      },
      representative: {
        documentType: 'CIF', documentNumber: 'B00000000', companyName: 'Gestoría Ejemplo S.L.', country: '724',
        electronicAddress: 'gestoria@deh.example.org', preferredChannel: 'electronic-address',
      },
      remarks: 'Actúa mediante representante',
    }]);
    expect(entry.subject).toStrictEqual({ summary: 'Solicitud', subjectCode: 'SUBV01', externalReference: 'REF-1', caseNumber: 'EXP-2024/77' });
    expect(entry.form).toStrictEqual({ expone: 'Que desea presentar la solicitud.', solicita: 'Que se tramite.' });
    expect(entry.control).toStrictEqual({
      registryType: 'salida', transport: 'in-person', transportNumber: 'T-1', userName: 'Usuario', userContact: 'registro@example.org',
      exchangeId: 'O00012345_24_00000002', annotationDescription: 'Envío', physicalDocumentation: 'complementary',
      remarks: 'Sin incidencias', test: false,
    });
  });

  it('maps annexes with hex sha256, strict base64 content and the detached signature link by file name', () => {
    const { entry } = ficheroToRegistryEntry(richFichero());
    expect(entry.annexes).toStrictEqual([
      {
        fileName: 'Solicitud.PDF', mimeType: 'application/pdf', validity: 'original', documentType: 'attachment',
        sha256: sha(PDF).toString('hex'), content: PDF.toString('base64'), remarks: 'Firmada',
      },
      {
        fileName: 'Solicitud.pdf.xsig', validity: 'copy', documentType: 'internal',
        sha256: sha(SIG).toString('hex'), content: SIG.toString('base64'), signsFile: 'Solicitud.PDF',
      },
    ]);
  });

  it('returns the SICRES facts the canonical entry has no place for', () => {
    const { sicres } = ficheroToRegistryEntry(richFichero());
    expect(sicres).toStrictEqual({
      annotationType: 'send', emittingApplication: 'RWE3', startingOffice: 'O00012345', startingOfficeName: 'Registro General',
      annexes: [
        { fileId: 'O00012345_24_00000002_01_0001.pdf' },
        { fileId: 'O00012345_24_00000002_01_0002.xsig', signature: 'c2ln', certificate: 'Y2VydA==' },
      ],
    });
    const f = richFichero();
    f.origin!.Timestamp_Entrada = 'dHNh';
    f.control!.Tipo_Anotacion = '04';
    expect(ficheroToRegistryEntry(f).sicres).toMatchObject({ annotationType: 'reject', registryTimestamp: 'dHNh' });
  });

  it('maps the minimal fichero: an empty De_Interesado is no party, empty Expone and Solicita stay empty strings', () => {
    const { entry, problems } = ficheroToRegistryEntry(minimalFichero());
    expect(problems).toEqual([]);
    expect(entry).toStrictEqual({
      origin: { office: 'O00012345', unit: 'L01230001', registryNumber: 'E-1', registryDate: '2024-03-05T10:15:30+01:00' },
      destination: { office: 'O00067890' },
      interested: [],
      subject: { summary: 'Solicitud genérica' },
      form: { expone: '', solicita: '' },
      annexes: [],
      control: { registryType: 'entrada', exchangeId: 'O00012345_24_00000001', physicalDocumentation: 'none', test: true },
    });
  });

  it('treats empty optional elements as absent and keeps a representative whose party is empty for the reception rules', () => {
    const f = minimalFichero();
    f.origin!.Decodificacion_Entidad_Registral_Origen = '';
    f.interested = [{}, { Nombre_Representante: 'Juan', Primer_Apellido_Representante: 'Pérez', Segundo_Apellido_Interesado: '' }];
    const { entry, problems } = ficheroToRegistryEntry(f);
    expect(problems).toEqual([]);
    expect(entry.origin.officeName).toBeUndefined();
    expect(entry.interested).toStrictEqual([{ interested: {}, representative: { name: 'Juan', firstSurname: 'Pérez' } }]);
  });

  it('reports unknown codes as problems instead of throwing', () => {
    const f = richFichero();
    Object.assign(f.interested[0], { Tipo_Documento_Identificacion_Interesado: 'Z', Canal_Preferente_Comunicacion_Representante: '09' });
    Object.assign(f.annexes[0], { Validez_Documento: '05', Tipo_Documento: '04' });
    Object.assign(f.control!, { Tipo_Transporte_Entrada: '08', Tipo_Anotacion: '05', Tipo_Registro: '2', Documentacion_Fisica: '4', Indicador_Prueba: 'S' });
    const { entry, sicres, problems } = ficheroToRegistryEntry(f);
    expect(problems.map((p) => `${p.pointer} ${p.code}`).sort()).toEqual([
      '/De_Anexo/0/Tipo_Documento unknown-code',
      '/De_Anexo/0/Validez_Documento unknown-code',
      '/De_Interesado/0/Canal_Preferente_Comunicacion_Representante unknown-code',
      '/De_Interesado/0/Tipo_Documento_Identificacion_Interesado unknown-code',
      '/De_Internos_Control/Documentacion_Fisica unknown-code',
      '/De_Internos_Control/Indicador_Prueba unknown-code',
      '/De_Internos_Control/Tipo_Anotacion unknown-code',
      '/De_Internos_Control/Tipo_Registro unknown-code',
      '/De_Internos_Control/Tipo_Transporte_Entrada unknown-code',
    ]);
    expect(problems.find((p) => p.pointer.endsWith('Tipo_Registro'))!.message).toBe("Tipo_Registro has an unknown SICRES 3.0 code '2'");
    expect(entry.interested[0].interested.documentType).toBeUndefined();
    expect(entry.control.transport).toBeUndefined();
    expect(entry.control.test).toBe(true);
    expect(sicres.annotationType).toBeUndefined();
  });

  it('reports a Hash that does not match the content, is not a SHA-256 digest or is not base64', () => {
    const f = richFichero();
    f.annexes[0].Hash = sha(SIG).toString('base64');
    f.annexes[1].Hash = createHash('sha1').update(SIG).digest('base64');
    const { entry, problems } = ficheroToRegistryEntry(f);
    expect(problems.map((p) => `${p.pointer} ${p.code}`)).toEqual(['/De_Anexo/0/Hash hash-mismatch', '/De_Anexo/1/Hash hash-not-sha256']);
    // sha256 is always the content's own digest, so the entry never carries a false checksum.
    expect(entry.annexes[0].sha256).toBe(sha(PDF).toString('hex'));
    f.annexes[0].Hash = 'not base64!';
    expect(codesOf(f)).toContain('/De_Anexo/0/Hash invalid-hash');
  });

  it('accepts line-wrapped base64 content and stores it strict, but reports content that is not base64', () => {
    const f = richFichero();
    const wrapped = PDF.toString('base64').replace(/(.{4})/g, '$1\n ');
    f.annexes[0].Anexo = wrapped;
    const { entry, problems } = ficheroToRegistryEntry(f);
    expect(problems).toEqual([]);
    expect(entry.annexes[0].content).toBe(PDF.toString('base64'));
    f.annexes[0].Anexo = '%%%';
    expect(codesOf(f)).toEqual(['/De_Anexo/0/Anexo invalid-base64']);
  });

  it('links an attached signature to its own file and reports a link to no annex', () => {
    const f = richFichero();
    f.annexes[0].Identificador_Documento_Firmado = f.annexes[0].Identificador_Fichero;
    f.annexes[1].Identificador_Documento_Firmado = 'O00012345_24_00000002_01_0009.pdf';
    const { entry, problems } = ficheroToRegistryEntry(f);
    expect(entry.annexes[0].signsFile).toBe('Solicitud.PDF');
    expect(entry.annexes[1].signsFile).toBeUndefined();
    expect(problems.map((p) => `${p.pointer} ${p.code}`)).toEqual(['/De_Anexo/1/Identificador_Documento_Firmado unknown-annex']);
  });

  it('reports missing segments and required elements without throwing', () => {
    expect(codesOf({ interested: [], annexes: [], structure: [] }).sort()).toEqual([
      '/De_Asunto missing-segment', '/De_Destino missing-segment', '/De_Formulario_Generico missing-segment',
      '/De_Interesado missing-segment', '/De_Internos_Control missing-segment', '/De_Origen_o_Remitente missing-segment',
    ]);
    const f = minimalFichero();
    f.origin = { Codigo_Entidad_Registral_Origen: 'O00012345' };
    f.subject = { Resumen: '' };
    f.form = {};
    f.annexes = [{}];
    delete f.control!.Tipo_Registro;
    expect(codesOf(f).sort()).toEqual([
      '/De_Anexo/0/Anexo missing', '/De_Anexo/0/Hash missing', '/De_Anexo/0/Identificador_Fichero missing',
      '/De_Anexo/0/Nombre_Fichero_Anexado missing', '/De_Anexo/0/Tipo_Documento missing',
      '/De_Asunto/Resumen missing', '/De_Formulario_Generico/Expone missing', '/De_Formulario_Generico/Solicita missing',
      '/De_Internos_Control/Tipo_Registro missing',
      '/De_Origen_o_Remitente/Fecha_Hora_Entrada missing', '/De_Origen_o_Remitente/Numero_Registro_Entrada missing',
    ]);
  });

  it('reports a date that is not a Madrid wall-clock time', () => {
    for (const bad of ['2024-03-05', '20240230101530', '20240305246000', '20240331023000']) {
      const f = minimalFichero();
      f.origin!.Fecha_Hora_Entrada = bad;
      const { entry, problems } = ficheroToRegistryEntry(f);
      expect(problems.map((p) => `${p.pointer} ${p.code}`)).toEqual(['/De_Origen_o_Remitente/Fecha_Hora_Entrada invalid-date']);
      expect(entry.origin.registryDate).toBe('');
    }
  });

  it('never quotes citizen data in problem messages', () => {
    const f = richFichero();
    f.interested[0].Tipo_Documento_Identificacion_Interesado = '00000000T';
    f.origin!.Fecha_Hora_Entrada = 'María Núñez';
    const { problems } = ficheroToRegistryEntry(f);
    expect(problems).toHaveLength(2);
    for (const p of problems) expect(p.message).not.toMatch(/00000000T|María|Núñez/);
  });
});

describe('fromSicresDateTime', () => {
  it('reads Madrid wall-clock time with the offset of the day, CET in winter and CEST in summer', () => {
    expect(fromSicresDateTime('20240305101530')).toBe('2024-03-05T10:15:30+01:00');
    expect(fromSicresDateTime('20240715100000')).toBe('2024-07-15T10:00:00+02:00');
    expect(fromSicresDateTime('20241231235959')).toBe('2024-12-31T23:59:59+01:00');
  });

  it('takes the earlier instant in the repeated autumn hour and refuses the skipped spring hour', () => {
    expect(fromSicresDateTime('20241027023000')).toBe('2024-10-27T02:30:00+02:00');
    expect(fromSicresDateTime('20241027033000')).toBe('2024-10-27T03:30:00+01:00');
    expect(fromSicresDateTime('20240331023000')).toBeUndefined();
    expect(fromSicresDateTime('20240331030000')).toBe('2024-03-31T03:00:00+02:00');
  });

  it('refuses text that is not fourteen digits naming a real date', () => {
    for (const bad of ['', '2024030510153', '202403051015301', '2024030510153a', '20240229250000', '20230229101530', '20241301000000']) {
      expect(fromSicresDateTime(bad)).toBeUndefined();
    }
  });
});
