import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { Errors, isPasarelaError, type ErrorDef } from '../../src/core/errors';
import { DEFAULT_MAX_FICHERO_BYTES } from '../../src/sir/parse-fichero';
import { pathOf, readBounded, sendJson, sendText } from './http-util';
import type { Originator } from './originator';

/**
 * In front of `next`: `POST /_sim/originate` (JSON, the `originate` options or `{xml}`) sends an
 * entry to pasarela and answers `200 {exchangeId, codigo, descripcion}` whatever pasarela's code,
 * or a problem+json (`SIM_BAD_REQUEST` 400/413, `CONFIG_INVALID` 500 without a WS_SIR8_B URL,
 * `CONNECTOR_*` 502/504 when pasarela gave no RespuestaWS). `GET /_sim/originated` lists the
 * originated exchanges; `POST /_sim/reset` also forgets them before `next` answers it.
 */

/** A given fichero may be as large as a fichero pasarela takes, and JSON escaping adds some. */
export const MAX_ORIGINATE_BODY_BYTES = DEFAULT_MAX_FICHERO_BYTES + 8 * 1024 * 1024;

function problem(res: ServerResponse, def: ErrorDef, detail: string, status = def.status): void {
  sendJson(res, status, { code: def.code, status, title: def.title, detail }, 'application/problem+json');
}

function parseJson(body: Buffer): { value: unknown } | undefined {
  try {
    return { value: JSON.parse(body.toString('utf8')) };
  } catch {
    return undefined;
  }
}

async function postOriginate(req: IncomingMessage, res: ServerResponse, originator: Originator): Promise<void> {
  const body = await readBounded(req, MAX_ORIGINATE_BODY_BYTES);
  if (body === undefined) return problem(res, Errors.SIM_BAD_REQUEST, `the body is larger than ${MAX_ORIGINATE_BODY_BYTES} bytes`, 413);
  const parsed = parseJson(body);
  if (parsed === undefined) return problem(res, Errors.SIM_BAD_REQUEST, 'the body is not JSON');
  try {
    // The options are checked (types, unknown fields) by originate itself.
    sendJson(res, 200, await originator.originate(parsed.value as never));
  } catch (e) {
    if (!isPasarelaError(e)) throw e;
    sendJson(res, e.status, { code: e.code, status: e.status, title: e.title, detail: e.message }, 'application/problem+json');
  }
}

export function withOriginateRoutes(next: RequestListener, originator: Originator): RequestListener {
  return (req, res) => {
    const path = pathOf(req);
    if (path === '/_sim/originated') {
      if (req.method !== 'GET') return sendText(res, 405, 'Use GET');
      return sendJson(res, 200, originator.originated());
    }
    if (path === '/_sim/originate') {
      if (req.method !== 'POST') return sendText(res, 405, 'Use POST');
      postOriginate(req, res, originator).catch(() => {
        if (!res.headersSent) sendText(res, 400, 'The request could not be read');
        else res.destroy();
      });
      return;
    }
    if (path === '/_sim/reset' && req.method === 'POST') originator.reset();
    return next(req, res);
  };
}
