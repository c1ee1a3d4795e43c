import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { NotificaRemesa } from '../../../src/connectors/notifica/remesa';
import { createEnvelope, type Envelope } from '../../../src/core/envelope';
import { PasarelaError } from '../../../src/core/errors';
import { addDays, expiryDate, madridDate, type Notification, type PostalAddress } from '../../../src/core/notification';
import { projectPath } from '../../../src/core/paths';
import { getTransform, transforms } from '../../../transforms/index';
import { notificationToNotifica } from '../../../transforms/notification-to-notifica';

function exampleNotification(): Notification {
  return JSON.parse(readFileSync(projectPath('schemas', 'canonical', 'examples', 'notification.json'), 'utf8')) as Notification;
}

const RECEIVED = '2026-06-01T08:00:00.000Z';

function envelopeOf(payload: Notification, receivedAt = RECEIVED): Envelope<Notification> {
  return {
    ...createEnvelope({
      type: 'notification', schemaVersion: 1, tenant: 'L02000023', source: { system: 'test', adapter: 'canonical-json' }, payload,
    }),
    receivedAt,
  };
}

const apply = (n: Notification, receivedAt = RECEIVED): NotificaRemesa => notificationToNotifica.apply(envelopeOf(n, receivedAt));

function failureOf(run: () => unknown): PasarelaError {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(PasarelaError);
    return e as PasarelaError;
  }
  throw new Error('the transform did not fail');
}

const problemsOf = (n: unknown, receivedAt = RECEIVED) =>
  failureOf(() => apply(n as Notification, receivedAt)).problems.map((p) => [p.pointer, p.code]);

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}

describe('notification-to-notifica', () => {
  it('is registered under its name and maps notification to notifica-remesa', () => {
    expect(transforms['notification-to-notifica']).toBe(notificationToNotifica);
    expect(getTransform('notification-to-notifica')).toBe(notificationToNotifica);
    expect(notificationToNotifica.from).toBe('notification');
    expect(notificationToNotifica.to).toBe('notifica-remesa');
  });

  it('maps the published example to the whole remesa', () => {
    const n = exampleNotification();
    expect(apply(n)).toEqual({
      organismoEmisor: 'L02000023',
      tipoEnvio: 2,
      concepto: n.concept,
      descripcion: n.description,
      procedimiento: '994471',
      documento: {
        contenido: n.document.content,
        hash: Buffer.from(n.document.sha256, 'hex').toString('base64'),
        normalizado: false,
        generarCsv: false,
      },
      envios: [
        {
          titular: {
            nif: '99000003E', nombre: 'María', apellidos: 'Ejemplo Prueba', email: 'maria.ejemplo@example.org', telefono: '600000000',
          },
          destinatarios: [{ nif: 'Y9000004A', nombre: 'Juan', apellidos: 'Representante Ficticio', email: 'juan.representante@example.org' }],
          entregaDEH: { obligado: false, codigoProcedimiento: '994471' },
        },
        {
          titular: { nif: 'B99000051', razonSocial: 'Construcciones Ficticias del Sur SL', email: 'administracion@construcciones-ficticias.example' },
          entregaPostal: {
            tipoDomicilio: 1, tipoVia: 'CL', nombreVia: 'Maestra', numeroCasa: '12', puerta: 'B', planta: '2',
            codigoPostal: '23002', municipio: '230503', provincia: '23', pais: 'ES', poblacion: 'Jaén',
          },
        },
      ],
      caducidad: '2026-06-11',
      retardo: 5,
    });
  });

  it('sends the hash as base64 of the raw SHA-256 of the document bytes, as notib does', () => {
    const n = exampleNotification();
    const { hash } = apply(n).documento;
    const digest = createHash('sha256').update(Buffer.from(n.document.content, 'base64')).digest();
    expect(hash).toBe(digest.toString('base64'));
    expect(hash).toHaveLength(44);
  });

  it('never sets referenciaEmisor nor the municipality reference', () => {
    const json = JSON.stringify(apply({ ...exampleNotification(), reference: 'REF-MUNICIPAL-77' }));
    expect(json).not.toContain('referenciaEmisor');
    expect(json).not.toContain('REF-MUNICIPAL-77');
  });

  it('maps a communication to tipoEnvio 1', () => {
    expect(apply({ ...exampleNotification(), kind: 'communication' }).tipoEnvio).toBe(1);
  });

  it.each([
    ['2026-06-01T08:00:00Z', 10, '2026-06-11'],
    // 23:59:59 in Madrid (CEST) is still 1 June; one second later it is 2 June.
    ['2026-06-01T21:59:59Z', 10, '2026-06-11'],
    ['2026-06-01T22:00:00Z', 10, '2026-06-12'],
    // Winter time (+01:00) and a year boundary.
    ['2026-12-31T22:59:59Z', 1, '2027-01-01'],
    ['2026-12-31T23:00:00Z', 1, '2027-01-02'],
    // The day clocks go forward (29 March 2026) and a leap day.
    ['2026-03-28T23:30:00Z', 10, '2026-04-08'],
    ['2028-02-28T12:00:00+01:00', 1, '2028-02-29'],
    ['2026-06-01T10:00:00+02:00', 365, '2027-06-01'],
  ])('counts caducidad from receivedAt %s (Madrid date) plus %i days: %s', (receivedAt, expiryDays, caducidad) => {
    expect(apply({ ...exampleNotification(), expiryDays }, receivedAt).caducidad).toBe(caducidad);
  });

  it('is deterministic and reads no clock', () => {
    const env = envelopeOf(exampleNotification());
    const first = notificationToNotifica.apply(env);
    jest.useFakeTimers({ now: new Date('2031-01-01T00:00:00Z') });
    try {
      expect(notificationToNotifica.apply(env)).toEqual(first);
    } finally {
      jest.useRealTimers();
    }
  });

  it('does not modify its input', () => {
    const env = deepFreeze(envelopeOf(exampleNotification()));
    expect(() => notificationToNotifica.apply(env)).not.toThrow();
  });

  it('sends fechaEnvioProgramado only when it is later than the day of reception', () => {
    expect(apply({ ...exampleNotification(), scheduledFor: '2026-06-02' }).fechaEnvioProgramado).toBe('2026-06-02');
    expect(apply({ ...exampleNotification(), scheduledFor: '2026-06-01' })).not.toHaveProperty('fechaEnvioProgramado');
    expect(apply({ ...exampleNotification(), scheduledFor: '2026-05-20' })).not.toHaveProperty('fechaEnvioProgramado');
  });

  it('leaves out what the notification does not say', () => {
    const n = exampleNotification();
    delete n.description;
    delete n.postalDelayDays;
    delete n.document.normalized;
    delete n.recipients[0].representative;
    delete n.recipients[0].electronicMailbox;
    const remesa = apply(n);
    expect(remesa).not.toHaveProperty('descripcion');
    expect(remesa).not.toHaveProperty('retardo');
    expect(remesa.documento).toEqual({ contenido: n.document.content, hash: expect.any(String), generarCsv: false });
    expect(Object.keys(remesa.envios[0])).toEqual(['titular']);
  });

  it('sends normalizado true and a mandatory DEHú delivery', () => {
    const n = exampleNotification();
    n.document.normalized = true;
    n.recipients[0].electronicMailbox = { mandatory: true };
    const remesa = apply(n);
    expect(remesa.documento.normalizado).toBe(true);
    expect(remesa.envios[0].entregaDEH).toEqual({ obligado: true, codigoProcedimiento: '994471' });
  });

  it('maps an administration holder to razonSocial and codigoDestino, without a NIF', () => {
    const n = exampleNotification();
    n.recipients[1].holder = { dir3Code: 'L01230503', companyName: 'Ayuntamiento de ejemplo', email: 'registro@ayto.example' };
    expect(apply(n).envios[1].titular).toEqual({ razonSocial: 'Ayuntamiento de ejemplo', email: 'registro@ayto.example', codigoDestino: 'L01230503' });
  });

  it('writes a lone first surname without a trailing space', () => {
    const n = exampleNotification();
    delete n.recipients[0].holder.secondSurname;
    expect(apply(n).envios[0].titular.apellidos).toBe('Ejemplo');
  });

  it.each([
    [{ kind: 'national', postalCode: '23002' }, { tipoDomicilio: 1, codigoPostal: '23002', pais: 'ES' }],
    [{ kind: 'foreign', postalCode: '75001', country: 'FR', streetName: 'Rue Exemple', town: 'Paris' },
      { tipoDomicilio: 2, nombreVia: 'Rue Exemple', codigoPostal: '75001', pais: 'FR', poblacion: 'Paris' }],
    [{ kind: 'poBox', postalCode: '23080', poBox: '1234', municipalityCode: '230503', provinceCode: '23', town: 'Jaén' },
      { tipoDomicilio: 3, codigoPostal: '23080', apartadoCorreos: '1234', municipio: '230503', provincia: '23', pais: 'ES', poblacion: 'Jaén' }],
    [{ kind: 'unstructured', postalCode: '23700', line1: 'Cortijo El Ejemplo', line2: 'Linares' },
      { tipoDomicilio: 4, codigoPostal: '23700', pais: 'ES', linea1: 'Cortijo El Ejemplo', linea2: 'Linares' }],
    [{ kind: 'national', postalCode: '23002', portal: '3', block: 'B', stair: 'IZ', complement: 'Local comercial' },
      { tipoDomicilio: 1, portal: '3', bloque: 'B', escalera: 'IZ', complemento: 'Local comercial', codigoPostal: '23002', pais: 'ES' }],
  ])('maps the postal address %p', (address, entregaPostal) => {
    const n = exampleNotification();
    n.recipients[1].postalAddress = address as PostalAddress;
    expect(apply(n).envios[1].entregaPostal).toEqual(entregaPostal);
  });

  it('keeps the order of the recipients for 100 envíos', () => {
    const n = exampleNotification();
    n.recipients = Array.from({ length: 100 }, (_, i) => ({
      holder: { dir3Code: `L01${String(i).padStart(6, '0')}`, companyName: `Ayuntamiento ${i}` },
    }));
    expect(apply(n).envios.map((e) => e.titular.codigoDestino)).toEqual(n.recipients.map((r) => r.holder.dir3Code));
  });

  describe('refuses with TRANSFORM_FAILED, every problem at once', () => {
    it('is a non-retryable catalog error', () => {
      const e = failureOf(() => apply({ ...exampleNotification(), kind: 'aviso' as never }));
      expect(e.code).toBe('TRANSFORM_FAILED');
      expect(e.retryable).toBe(false);
      expect(e.message).toContain('tipoEnvio');
    });

    it.each(['__proto__', 'constructor', 'toString'])('does not take %p for a kind or a postal kind', (kind) => {
      const n = exampleNotification();
      (n as any).kind = kind;
      (n.recipients[1].postalAddress as any).kind = kind;
      expect(problemsOf(n)).toEqual([['/payload/kind', 'invalid'], ['/payload/recipients/1/postalAddress/kind', 'invalid']]);
    });

    it('reports a receivedAt it cannot count caducidad from', () => {
      expect(problemsOf(exampleNotification(), 'yesterday')).toEqual([['/payload/expiryDays', 'invalid']]);
      expect(problemsOf(exampleNotification(), '2026-06-01T10:00:00')).toEqual([['/payload/expiryDays', 'invalid']]);
    });

    it('reports a holder without a NIF who is not an administration', () => {
      const n = exampleNotification();
      n.recipients[1].holder = { companyName: 'Sin NIF' };
      expect(problemsOf(n)).toEqual([['/payload/recipients/1/holder/documentNumber', 'missing']]);
    });

    it('reports a delivery to the DEHú for a holder without a NIF', () => {
      const n = exampleNotification();
      n.recipients[0].holder = { dir3Code: 'L01230503', companyName: 'Ayuntamiento de ejemplo' };
      expect(problemsOf(n)).toEqual([['/payload/recipients/0/holder/documentNumber', 'missing']]);
    });

    it('reports values XML cannot carry and values longer than Notific@ takes', () => {
      const n = exampleNotification();
      n.concept = 'c'.repeat(256);
      n.description = 'd'.repeat(1001);
      n.recipients[0].holder.name = 'Ma\u0000ría';
      n.recipients[0].holder.documentNumber = '99000003E0';
      n.recipients[1].postalAddress!.streetType = 'CALLE1';
      n.recipients[1].postalAddress!.municipalityCode = '23050';
      expect(problemsOf(n)).toEqual([
        ['/payload/concept', 'too-long'],
        ['/payload/description', 'too-long'],
        ['/payload/recipients/0/holder/documentNumber', 'too-long'],
        ['/payload/recipients/0/holder/name', 'invalid-characters'],
        ['/payload/recipients/1/postalAddress/streetType', 'too-long'],
        ['/payload/recipients/1/postalAddress/municipalityCode', 'invalid'],
      ]);
    });

    it('reports a bad document, issuing body, procedure and delay', () => {
      const n = exampleNotification();
      n.document.content = 'not base64!';
      n.document.sha256 = 'ABC';
      n.issuingBody = 'L0200002';
      n.procedure = 'SIA-1';
      n.postalDelayDays = -1;
      expect(problemsOf(n)).toEqual([
        ['/payload/issuingBody', 'invalid'],
        ['/payload/procedure', 'invalid'],
        ['/payload/postalDelayDays', 'invalid'],
        ['/payload/document/content', 'invalid'],
        ['/payload/document/sha256', 'invalid'],
      ]);
    });

    it('reports no recipients and more than 100', () => {
      const n = exampleNotification();
      expect(problemsOf({ ...n, recipients: [] })).toEqual([['/payload/recipients', 'count']]);
      const many = Array.from({ length: 101 }, (_, i) => ({ holder: { dir3Code: `L01${String(i).padStart(6, '0')}`, companyName: 'A' } }));
      expect(problemsOf({ ...n, recipients: many })).toEqual([['/payload/recipients', 'count']]);
    });

    it('reports a payload that is not an object', () => {
      for (const payload of [null, 'x', 42]) {
        expect(failureOf(() => apply(payload as unknown as Notification)).code).toBe('TRANSFORM_FAILED');
      }
    });
  });
});

describe('notification dates', () => {
  it('gives the Madrid calendar date of an instant', () => {
    expect(madridDate(new Date('2026-06-01T21:59:59Z'))).toBe('2026-06-01');
    expect(madridDate(new Date('2026-06-01T22:00:00Z'))).toBe('2026-06-02');
    expect(madridDate(new Date('2026-01-01T22:59:59Z'))).toBe('2026-01-01');
  });

  it('adds calendar days across months and years', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2026-12-31', 365)).toBe('2027-12-31');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
  });

  it('has no expiry date without an instant with offset or without whole days', () => {
    expect(expiryDate('2026-06-01', 10)).toBeUndefined();
    expect(expiryDate('garbage', 10)).toBeUndefined();
    expect(expiryDate(new Date(Number.NaN), 10)).toBeUndefined();
    expect(expiryDate(RECEIVED, 1.5)).toBeUndefined();
    expect(expiryDate(new Date(RECEIVED), 10)).toBe('2026-06-11');
  });
});
