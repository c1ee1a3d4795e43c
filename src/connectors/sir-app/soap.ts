import { XMLParser } from 'fast-xml-parser';
import { escapeXmlText } from '../../../transforms/sicres3/xml';

/**
 * The two calls a CIR makes to a registry application (reference/sir-sicres3.md §6), as pasarela
 * makes them again to a proxied tenant's application, and how its answer is read.
 */

const SOAP_OPEN = '<?xml version="1.0" encoding="UTF-8"?>'
  + '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsd="http://www.w3.org/2001/XMLSchema"'
  + ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:impl="http://impl.manager.cct.map.es"><soapenv:Body>';
const SOAP_CLOSE = '</soapenv:Body></soapenv:Envelope>';

/**
 * WS_SIR8_B `envioFicherosAAplicacion`, rpc, as the CIR sends it (parameters typed `xsd:string`,
 * so encoded and literal readers both take them). `firmaRegistro` is left empty: the CIR's
 * signature is not kept, and no known application verifies it (reference §7).
 */
export function ws8bEnvelope(registro: string, firmaRegistro = ''): string {
  return SOAP_OPEN + '<impl:envioFicherosAAplicacion>'
    + `<registro xsi:type="xsd:string">${escapeXmlText(registro)}</registro>`
    + `<firmaRegistro xsi:type="xsd:string">${escapeXmlText(firmaRegistro)}</firmaRegistro>`
    + '</impl:envioFicherosAAplicacion>' + SOAP_CLOSE;
}

/** WS_SIR9 `envioMensajeDatosControlAAplicacion`, document/literal wrapped, qualified. */
export function ws9Envelope(mensaje: string, firma = ''): string {
  return SOAP_OPEN + '<impl:envioMensajeDatosControlAAplicacion>'
    + `<impl:mensaje>${escapeXmlText(mensaje)}</impl:mensaje><impl:firma>${escapeXmlText(firma)}</impl:firma>`
    + '</impl:envioMensajeDatosControlAAplicacion>' + SOAP_CLOSE;
}

/** What the application answered: a RespuestaWS, a SOAP fault, or nothing readable. */
export type AppAnswer =
  | { kind: 'respuesta'; codigo: string; descripcion: string }
  | { kind: 'fault'; faultCode: string; faultString: string }
  | { kind: 'unreadable' };

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, processEntities: true });

type Node = Record<string, unknown>;
const isNode = (v: unknown): v is Node => v !== null && typeof v === 'object' && !Array.isArray(v);
const textOf = (v: unknown): string => (typeof v === 'string' ? v : isNode(v) && typeof v['#text'] === 'string' ? v['#text'] : '');

/** The first object holding `key`, searching breadth-first a few levels deep (the Return may be nested). */
function find(root: Node, key: string, depth = 4): Node | undefined {
  let level: Node[] = [root];
  for (let d = 0; d <= depth && level.length > 0; d++) {
    const hit = level.find((n) => key in n);
    if (hit) return hit;
    level = level.flatMap((n) => Object.values(n).flatMap((v) => (Array.isArray(v) ? v : [v])).filter(isNode));
  }
  return undefined;
}

/** Read an answer leniently (any prefixes, SOAP 1.1 or 1.2 faults). DOCTYPEs are refused. */
export function readAppAnswer(body: string): AppAnswer {
  if (typeof body !== 'string' || /<!DOCTYPE/i.test(body)) return { kind: 'unreadable' };
  let doc: unknown;
  try {
    doc = parser.parse(body);
  } catch {
    return { kind: 'unreadable' };
  }
  const soapBody = isNode(doc) && isNode(doc.Envelope) ? doc.Envelope.Body : undefined;
  if (!isNode(soapBody)) return { kind: 'unreadable' };
  if (isNode(soapBody.Fault)) {
    const f = soapBody.Fault;
    const code = textOf(f.faultcode) || textOf(isNode(f.Code) ? f.Code.Value : undefined);
    const reason = textOf(f.faultstring) || textOf(isNode(f.Reason) ? f.Reason.Text : undefined);
    return { kind: 'fault', faultCode: code.trim().slice(0, 100), faultString: reason.slice(0, 200) };
  }
  const holder = find(soapBody, 'codigo');
  const codigo = holder ? textOf(holder.codigo).trim() : '';
  if (!holder || codigo === '') return { kind: 'unreadable' };
  return { kind: 'respuesta', codigo: codigo.slice(0, 16), descripcion: textOf(holder.descripcion).slice(0, 1000) };
}
