import { validateRemesa } from '../../../../simulators/notifica/alta-validate';
import { exampleRemesa } from '../../../../simulators/notifica/examples';
import { altaRemesaElement, type SentRemesa } from '../../../../simulators/notifica/requests';
import { readXml } from '../../../../simulators/notifica/xml-read';

const LIMITS = { maxBytes: 1 << 24, maxDepth: 32, maxTags: 50_000 };
const check = (xml: string) => validateRemesa(readXml(xml, LIMITS));
const problemOf = (xml: string) => {
  const c = check(xml);
  return c.ok ? undefined : c.problem;
};
const of = (r: SentRemesa) => altaRemesaElement(r);

describe('Notific@ simulator altaRemesaEnvios validation', () => {
  it('reads what it keeps of a valid remesa, and nothing of the document bytes', () => {
    const c = check(of(exampleRemesa({ envios: 2, referencia: 'R', caducidad: '2025-12-31', tipoEnvio: 1 })));
    expect(c).toEqual({
      ok: true,
      remesa: {
        organismoEmisor: 'L01230505', tipoEnvio: 1, concepto: 'Resolución licencia de obra menor 2025/123', caducidad: '2025-12-31', documentHash: exampleRemesa().documento.hash,
        envios: [1, 2].map((i) => ({ referenciaEmisor: `R-${i}`, postal: false, titular: expect.objectContaining({ nif: exampleRemesa({ envios: 2 }).envios[i - 1].titular.nif }) })),
      },
    });
  });

  it('accepts a document given by hash only, element order free (xs:all), and whitespace collapsed in codes', () => {
    const base = of(exampleRemesa()).replace(/<not:contenido>[^<]*<\/not:contenido>/, '').replace('<not:nif>00000001R</not:nif>', '<not:nif>\n 00000001R \n</not:nif>');
    const reordered = base.replace(/(<not:codigoOrganismoEmisor>[^<]*<\/not:codigoOrganismoEmisor>)([\s\S]*)(<\/not:altaRemesaEnvios>)$/, '$2$1$3');
    const c = check(reordered);
    expect(c.ok && c.remesa.envios[0].titular.nif).toBe('00000001R');
  });

  it.each<[string, (xml: string) => string, string]>([
    ['a descripcion over 1000 characters', (x) => x.replace('<not:descripcion>Notificación de resolución', `<not:descripcion>${'d'.repeat(1001)}`), 'descripcion: supera 1000 caracteres'],
    ['a fechaEnvioProgramado that is not a day', (x) => x.replace('<not:concepto>', '<not:fechaEnvioProgramado>2025-02-30</not:fechaEnvioProgramado><not:concepto>'), 'fechaEnvioProgramado: no es una fecha YYYY-MM-DD'],
    ['a contenido that is not base64', (x) => x.replace(/<not:contenido>[^<]*/, '<not:contenido>@@@'), 'documento/contenido: no es base64'],
    ['an empty concepto', (x) => x.replace(/<not:concepto>[^<]*/, '<not:concepto>'), 'concepto: no puede estar vacío'],
    ['a titular missing', (x) => x.replace(/<not:titular>[\s\S]*?<\/not:titular>/, ''), 'envios/envio[1]/titular: falta el elemento obligatorio'],
    ['a codigoDestino of 8 characters', (x) => x.replace('<not:nif>00000001R</not:nif>', '<not:codigoDestino>L0123050</not:codigoDestino>'), 'envios/envio[1]/titular/codigoDestino: debe tener 9 caracteres'],
    ['an entregaDEH obligado that is not boolean', (x) => x.replace('<not:obligado>false', '<not:obligado>quizá'), 'envios/envio[1]/entregaDEH/obligado: debe ser true o false o 1 o 0'],
    ['a retardo that is not an integer', (x) => x.replace('tipo="retardo">0', 'tipo="retardo">dos'), 'opcionesRemesa/opcion[@tipo=retardo]: no es un número entero'],
    ['an opcion without tipo', (x) => x.replace('tipo="retardo"', ''), 'opcionesRemesa/opcion: falta el atributo tipo'],
    ['a destinatario with a long NIF', (x) => x.replace('</not:titular>', '</not:titular><not:destinatarios><not:destinatario><not:nif>1234567890</not:nif></not:destinatario></not:destinatarios>'), 'envios/envio[1]/destinatarios/destinatario[1]/nif: supera 9 caracteres'],
    ['text with child elements', (x) => x.replace(/<not:concepto>[^<]*/, '<not:concepto><not:b>x</not:b>'), 'concepto: no admite elementos hijos'],
  ])('refuses %s, naming the element', (_label, edit, problem) => {
    expect(problemOf(edit(of(exampleRemesa())))).toBe(problem);
  });

  it('reports the first problem of the envío where it is', () => {
    const r = exampleRemesa({ envios: 3 });
    r.envios[2].titular.nif = 'X'.repeat(10);
    expect(problemOf(of(r))).toBe('envios/envio[3]/titular/nif: supera 9 caracteres');
  });
});
