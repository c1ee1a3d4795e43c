import type { TestStack } from './stack';

const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** An rpc call as the CIR makes it: parameters named value0/value1, operation without namespace. */
export function cirCall(operation: string, first: string): string {
  return '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><soapenv:Body>'
    + `<${operation}><value0 xsi:type="xsd:string">${escape(first)}</value0><value1 xsi:type="xsd:string"></value1></${operation}>`
    + '</soapenv:Body></soapenv:Envelope>';
}

async function call(stack: TestStack, path: string, body: string): Promise<{ status: number; codigo?: string; descripcion?: string }> {
  const res = await fetch(`${stack.url}${path}`, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8' }, body });
  const text = await res.text();
  return { status: res.status, codigo: /<codigo[^>]*>([^<]*)</.exec(text)?.[1], descripcion: /<descripcion[^>]*>([^<]*)</.exec(text)?.[1] };
}

/** The CIR bringing pasarela a fichero (WS_SIR8_B). */
export const toWsSir8b = (stack: TestStack, registro: string) => call(stack, '/sir/WS_SIR8_B', cirCall('envioFicherosAAplicacion', registro));

/** The CIR bringing pasarela a control message (WS_SIR9). */
export const toWsSir9 = (stack: TestStack, mensaje: string) => call(stack, '/sir/WS_SIR9', cirCall('envioMensajeDatosControlAAplicacion', mensaje));
