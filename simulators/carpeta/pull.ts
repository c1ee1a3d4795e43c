import { Errors, PasarelaError } from '../../src/core/errors';

/**
 * The pull variant's client side: the simulator plays the portal that asks pasarela's query API
 * for a citizen's expedientes (`GET {pullUrl}/carpeta/v1/expedientes[/{identificador}]`). The
 * citizen's document travels in the `Carpeta-Ciudadano` header, never in the URL, so it cannot
 * land in access logs; the token in `Authorization: Bearer`. Neither is ever logged here.
 */

export const PULL_PATH = '/carpeta/v1/expedientes';
export const CITIZEN_HEADER = 'Carpeta-Ciudadano';
/** The list filters pasarela's query API takes; anything else in the simulator's query is dropped. */
export const PULL_QUERY = ['estado', 'pagina', 'tamano'] as const;
/** A portal does not wait forever either. */
const PULL_TIMEOUT_MS = 10_000;

export interface PullTarget {
  /** pasarela's origin (and base path), no trailing slash. */
  url: string;
  /** Sent as `Authorization: Bearer <token>`; none: the call goes unauthenticated (to see it refused). */
  token?: string;
}

/** What pasarela answered: its status and its body (parsed JSON, or the text when it is not JSON). */
export interface PullAnswer {
  status: number;
  body: unknown;
}

export type PullQuery = Partial<Record<(typeof PULL_QUERY)[number], string>>;

const invalid = (what: string): PasarelaError => new PasarelaError(Errors.CONFIG_INVALID, `The Carpeta simulator ${what}`, { details: { component: 'carpeta-simulator' } });

/** Validate a pull target (option, `setPull`): an http(s) URL and, when set, a token that fits in a header. */
export function checkPullTarget(url: string, token: string | undefined): PullTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw invalid('pullUrl is not a URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw invalid('pullUrl must be http(s)');
  if (parsed.search !== '' || parsed.hash !== '') throw invalid('pullUrl must have no query or fragment');
  if (token !== undefined && (typeof token !== 'string' || token.trim() === '' || !/^[\x21-\x7e]+$/.test(token))) {
    throw invalid('pullToken must be printable ASCII without spaces');
  }
  return { url: url.replace(/\/+$/, ''), ...(token === undefined ? {} : { token }) };
}

/** The pasarela URL for a list (no id) or one expediente; the document is not in it. */
export function pullUrlOf(target: PullTarget, id?: string, query: PullQuery = {}): string {
  const url = new URL(`${target.url}${PULL_PATH}${id === undefined ? '' : `/${encodeURIComponent(id)}`}`);
  for (const key of PULL_QUERY) if (query[key] !== undefined) url.searchParams.set(key, query[key] as string);
  return url.toString();
}

async function bodyOf(res: Response): Promise<unknown> {
  const text = await res.text();
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/**
 * Ask pasarela for one citizen's expedientes (or one of them). Redirects are not followed: the
 * token and the document must not travel to another address. Rejects on a transport failure.
 */
export async function pull(target: PullTarget, document: string, id?: string, query?: PullQuery): Promise<PullAnswer> {
  const headers: Record<string, string> = { accept: 'application/json', [CITIZEN_HEADER]: document };
  if (target.token !== undefined) headers.authorization = `Bearer ${target.token}`;
  const res = await fetch(pullUrlOf(target, id, query), { headers, redirect: 'manual', signal: AbortSignal.timeout(PULL_TIMEOUT_MS) });
  return { status: res.status, body: await bodyOf(res) };
}
