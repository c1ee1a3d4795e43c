import type { RequestListener } from 'node:http';
import { pathOf, sendText } from '../sir/http-util';
import { sendSoap } from './injector';
import { ENDPOINTS } from './operations';
import { handleSim, type SimControl } from './sim-control';
import { handleSoapPost, type SoapFrontDeps } from './soap-front';
import { wsdlOf } from './wsdl';

/**
 * The server's single request listener: `/_sim/*` control routes, `GET <endpoint>?wsdl` (the
 * reachability probe), `POST <endpoint>` SOAP calls, and 404 for anything else.
 */
export function createFrontHandler(o: { origin: string; deps: SoapFrontDeps; control: SimControl }): RequestListener {
  return (req, res) => {
    const path = pathOf(req);
    if (path === undefined) return sendText(res, 400, 'Bad request target');
    if (path.startsWith('/_sim/')) return handleSim(req, res, path, o.control);
    const endpoint = ENDPOINTS.find((e) => e.path === path);
    if (endpoint === undefined) return sendText(res, 404, 'Not found');
    if (req.method === 'POST') return handleSoapPost(req, res, endpoint, o.deps);
    const query = new URL(req.url ?? '/', 'http://localhost').searchParams;
    if (req.method === 'GET' && [...query.keys()].some((k) => k.toLowerCase() === 'wsdl')) {
      return sendSoap(res, 200, wsdlOf(endpoint.service, endpoint.tns, endpoint.operations.map((op) => op.name), `${o.origin}${endpoint.path}`));
    }
    sendText(res, 405, 'Use POST (or GET ?wsdl)');
  };
}
