/** A SOAP 1.1 fault (`Client`: the caller's request is wrong; `Server`: ours, call again). */
export function soapFault(kind: 'Client' | 'Server', reason: string): string {
  const text = reason.slice(0, 500).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return '<?xml version="1.0" encoding="utf-8"?><soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">'
    + `<soapenv:Body><soapenv:Fault><faultcode>soapenv:${kind}</faultcode><faultstring>${text}</faultstring></soapenv:Fault></soapenv:Body></soapenv:Envelope>`;
}
