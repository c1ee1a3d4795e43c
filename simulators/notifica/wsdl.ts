import { escapeXml } from './xml-write';

/**
 * What `?wsdl` serves: a small WSDL of the simulator's own naming the service, its operations
 * and its real address, not the official one (the official WSDL/XSD stay out of the repo).
 * pasarela's connector only uses it as a reachability probe.
 */
export function wsdlOf(service: string, tns: string, operations: readonly string[], address: string): string {
  const ops = operations.map((op) => `<wsdl:operation name="${op}"/>`).join('');
  return '<?xml version="1.0" encoding="utf-8"?>'
    + `<wsdl:definitions xmlns:wsdl="http://schemas.xmlsoap.org/wsdl/" xmlns:soap="http://schemas.xmlsoap.org/wsdl/soap/" name="${service}" targetNamespace="${escapeXml(tns)}">`
    + '<wsdl:documentation>pasarela Notific@ simulator: not the official contract (see reference/notifica-carpeta.md).</wsdl:documentation>'
    + `<wsdl:portType name="${service}PortType">${ops}</wsdl:portType>`
    + `<wsdl:service name="${service}Service"><wsdl:port name="${service}Port" binding="${service}Binding">`
    + `<soap:address location="${escapeXml(address)}"/></wsdl:port></wsdl:service></wsdl:definitions>`;
}
