import { escapeXml } from '../../transforms/sicres3/xml';
import { codigoOf } from './callback-messages';

/**
 * The simulator as a CIR node calling pasarela's WS_SIR8_B (`envioFicherosAAplicacion`,
 * reference/sir-sicres3.md §6): rpc SOAP 1.1, the fichero escaped in `registro`, an empty
 * `firmaRegistro`. The answer is a RespuestaWS (`00` = taken). Pure.
 */

/** The last path segment of pasarela's WS_SIR9 URL, and what it becomes for WS_SIR8_B. */
const SIR9_SEGMENT = 'WS_SIR9';
const SIR8B_SEGMENT = 'WS_SIR8_B';

/**
 * pasarela's WS_SIR8_B URL next to its WS_SIR9 one (`…/sir/WS_SIR9` -> `…/sir/WS_SIR8_B`, query
 * kept). Undefined when `callbackUrl` is unset, not a URL, or does not end in `WS_SIR9`.
 */
export function ficheroUrlFrom(callbackUrl: string | undefined): string | undefined {
  if (callbackUrl === undefined) return undefined;
  let url: URL;
  try {
    url = new URL(callbackUrl);
  } catch {
    return undefined;
  }
  const segments = url.pathname.split('/');
  const last = segments.length - (segments[segments.length - 1] === '' ? 2 : 1);
  if (segments[last] !== SIR9_SEGMENT) return undefined;
  segments[last] = SIR8B_SEGMENT;
  url.pathname = segments.join('/');
  return url.toString();
}

/** The WS_SIR8_B request carrying `fichero` as it is (CR kept as `&#13;`, which parsers would turn into LF). */
export function wsSir8Envelope(fichero: string): string {
  return '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>'
    + '<impl:envioFicherosAAplicacion xmlns:impl="http://impl.manager.cct.map.es">'
    + `<registro>${escapeXml(fichero).replace(/\r/g, '&#13;')}</registro><firmaRegistro></firmaRegistro>`
    + '</impl:envioFicherosAAplicacion></soapenv:Body></soapenv:Envelope>';
}

const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decodeText(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos|#\d{1,7}|#x[0-9a-fA-F]{1,6});/g, (_, ref: string) => {
    if (!ref.startsWith('#')) return NAMED[ref];
    const code = ref[1] === 'x' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : '';
  });
}

/** A RespuestaWS read off any SOAP answer (whatever its prefixes); undefined when it has no `codigo`. */
export function respuestaOf(answer: string): { codigo: string; descripcion: string } | undefined {
  const codigo = codigoOf(answer);
  if (codigo === undefined) return undefined;
  const descripcion = /<(?:[\w.-]+:)?descripcion(?:\s[^>]*)?>([^<]{0,2048})<\//.exec(answer)?.[1] ?? '';
  return { codigo, descripcion: decodeText(descripcion) };
}

/** The `faultstring` of a SOAP fault, bounded, for an error message; undefined when there is none. */
export function faultOf(answer: string): string | undefined {
  return /<faultstring(?:\s[^>]*)?>([^<]{0,200})/.exec(answer)?.[1];
}
