import type { RequestListener } from 'node:http';
import { pathOf, sendText } from '../sir/http-util';
import { handlePush, PUSH_PATH, type PushDeps } from './push';
import { handleSim, type SimControl } from './sim-control';

/** The server's single request listener: `/_sim/*` control routes, `POST /carpeta/v1/expedientes` pushes, 404 for anything else. */
export function createFrontHandler(o: { push: PushDeps; control: SimControl }): RequestListener {
  return (req, res) => {
    const path = pathOf(req);
    if (path === undefined) return sendText(res, 400, 'Bad request target');
    if (path.startsWith('/_sim/')) return handleSim(req, res, path, o.control);
    if (path !== PUSH_PATH) return sendText(res, 404, 'Not found');
    if (req.method !== 'POST') return sendText(res, 405, 'Use POST');
    handlePush(req, res, o.push);
  };
}
