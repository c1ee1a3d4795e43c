import type { RequestListener } from 'node:http';
import type { Callbacks } from './callbacks';
import { pathOf, sendJson, sendText } from './http-util';

/**
 * In front of `next`: `GET /_sim/callbacks` lists the WS_SIR9 delivery attempts, and
 * `POST /_sim/reset` also forgets them (and cancels pending ones) before `next` answers it.
 */
export function withCallbackRoutes(next: RequestListener, callbacks: Callbacks): RequestListener {
  return (req, res) => {
    const path = pathOf(req);
    if (path === '/_sim/callbacks') {
      if (req.method !== 'GET') return sendText(res, 405, 'Use GET');
      return sendJson(res, 200, callbacks.list());
    }
    if (path === '/_sim/reset' && req.method === 'POST') callbacks.reset();
    return next(req, res);
  };
}
