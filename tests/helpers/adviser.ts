import { NOTIFICA_NS } from '../../src/connectors/notifica/remesa';

/** A `sincronizarEnvio` callback as Notific@ sends it (reference §2.7), qualified or not. */
export function callbackXml(f: { identificador: string; organismo?: string; estado: string; fechaEstado?: string; tipoEntrega?: string; qualified?: boolean; acuse?: Buffer; apiKey?: string }): string {
  const q = f.qualified ?? true;
  const el = (name: string, value: string) => (q ? `<sin:${name}>${value}</sin:${name}>` : `<${name}>${value}</${name}>`);
  const acuse = f.acuse ? (q ? `<sin:acusePDF>${el('contenido', f.acuse.toString('base64'))}${el('hash', 'x')}</sin:acusePDF>` : `<acusePDF>${el('contenido', f.acuse.toString('base64'))}${el('hash', 'x')}</acusePDF>`) : '';
  const header = f.apiKey ? `<soapenv:Header><v2:apiKey xmlns:v2="${NOTIFICA_NS.v2}">${f.apiKey}</v2:apiKey></soapenv:Header>` : '';
  return `<?xml version="1.0" encoding="UTF-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">${header}<soapenv:Body>`
    + `<sin:sincronizarEnvio xmlns:sin="${NOTIFICA_NS.adviser}">`
    + el('organismoEmisor', f.organismo ?? 'L02000023') + el('identificador', f.identificador) + el('tipoEntrega', f.tipoEntrega ?? (f.acuse ? '2' : '1'))
    + el('modoNotificacion', '4') + el('estado', f.estado) + el('fechaEstado', f.fechaEstado ?? new Date().toISOString()) + acuse
    + '</sin:sincronizarEnvio></soapenv:Body></soapenv:Envelope>';
}

/** POST a callback (or any text) to pasarela's AdviserWsV2; the answer's code when it has one. */
export async function postCallback(baseUrl: string, xml: string): Promise<{ status: number; codigo: string | undefined; text: string }> {
  const res = await fetch(`${baseUrl}/notifica/AdviserWsV2`, { method: 'POST', headers: { 'content-type': 'text/xml; charset=utf-8', soapaction: '"sincronizarEnvio"' }, body: xml });
  const text = await res.text();
  return { status: res.status, codigo: /<(?:\w+:)?codigoRespuesta>([^<]*)</.exec(text)?.[1], text };
}
