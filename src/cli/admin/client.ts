import axios, { type AxiosInstance, isAxiosError } from 'axios';
import type { AdminFilter } from './filter';

/**
 * A small client for the operator admin API (`/admin/v1`), for the `pasarela` admin commands.
 * Every answer is read whatever its status (`validateStatus: () => true`): a 2xx answer is
 * returned as parsed JSON, anything else becomes an {@link AdminApiError} built from the
 * `application/problem+json` body (or from what the body is when it is not one, e.g. a proxy's
 * HTML page). A request that gets no answer becomes an {@link AdminConnectionError} naming the URL.
 */

export type MessageStatus = 'received' | 'queued' | 'delivering' | 'delivered' | 'parked' | 'rejected' | 'replayed' | 'discarded';

export interface MessageSummary {
  id: string; tenant: string; type: string; route: string; status: MessageStatus; correlationId: string | null;
  registryNumber: string | null; exchangeId: string | null; attempts: number; replayOf: string | null; createdAt: string; updatedAt: string;
}
export interface Page<T> { items: T[]; nextCursor: string | null }
export interface ReplayItem { seq: number; messageId: string; state: string; replayId: string | null; note: string | null }
export interface ReplayItems { items: ReplayItem[]; nextAfter: number | null }
export interface HistoryEntry { at: string; event: string; status: string | null; attempt: number | null; outcome: string | null; code: string | null; detail: string | null }
export interface ParkedEvidence { id: string; code: string | null; detail: string | null; lastResponse: unknown; attempts: number; firstSeenAt: string; parkedAt: string }
export interface ExchangeSummary {
  direction: string; exchangeId: string; state: string; registryNumber: string | null; registryDate: string | null;
  errorCode: string | null; resends: number; updatedAt: string;
}
export interface MessageDetail extends MessageSummary {
  history: HistoryEntry[]; parked: ParkedEvidence[]; exchanges: ExchangeSummary[]; replays: { id: string; status: string; createdAt: string }[];
}
export interface Failures { groups: { route: string; code: string | null; count: number; firstSeenAt: string; lastSeenAt: string; lastDetail: string | null }[]; total: number }
export interface InFlightEntry { id: string; route: string; tenant: string; status: string; attempt: number; since: string; ageMs: number }
export interface InFlight { stuckAfterSeconds: number; delivering: InFlightEntry[]; stuck: InFlightEntry[] }
export interface ReplayAnswer { id: string; replayId: string; status: string }
export interface EditAndReplayAnswer extends ReplayAnswer { diff: { op: string; path: string }[] }
/** The contract does not fix whether `createdBy` is a name or an operator object; both are read. */
export type OperatorRef = string | { id?: string; name: string; role?: string } | null;
export interface ReplayJob {
  id: string; status: 'running' | 'completed' | 'cancelled'; filter: AdminFilter; limit: number | null; ratePerSecond: number | null;
  total: number; replayed: number; skipped: number; failed: number; createdBy: OperatorRef; createdAt: string; updatedAt: string; finishedAt: string | null;
}
export interface DryRun { count: number; sample: MessageSummary[] }
export interface ReplayRequest { filter: AdminFilter; dryRun: boolean; limit?: number; ratePerSecond?: number; reason?: string }
export interface AuditEntry {
  id: string; at: string; operator: { id: string; name: string; role: string }; action: string; messageId: string | null; jobId: string | null;
  filter: AdminFilter | null; count: number | null; reason: string | null; diff: unknown;
}
export interface Problem { pointer: string; code: string; message: string }

/** A query string's values; undefined ones are left out. */
export type Query = Record<string, string | number | undefined>;

/** The API answered with an error status. */
export class AdminApiError extends Error {
  constructor(readonly status: number, readonly code: string, readonly detail: string, readonly problems: Problem[] = []) {
    super(`${status} ${code}: ${detail}`);
    this.name = 'AdminApiError';
  }
}

/** No answer at all: nothing listening, a name that does not resolve, a time-out. */
export class AdminConnectionError extends Error {
  constructor(readonly url: string, readonly reason: string) {
    super(`cannot reach the admin API at ${url} (${reason}); is pasarela serving there? Point --url or PASARELA_ADMIN_URL at it`);
    this.name = 'AdminConnectionError';
  }
}

export interface AdminClientOptions {
  /** Where the API is, e.g. `http://127.0.0.1:8080`; may carry a path prefix (a reverse proxy's). */
  baseUrl: string;
  /** An operator token, sent as `Authorization: Bearer <token>`. */
  token: string;
  /** @defaultValue 30000 */
  timeoutMs?: number;
}

/** `?a=1&b=x` from the defined values, or '' when there are none. */
export function queryString(query: Query): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) params.append(key, String(value));
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
}

export function createAdminClient(opts: AdminClientOptions) {
  const baseUrl = checkedBaseUrl(opts.baseUrl);
  const http = axios.create({
    baseURL: `${baseUrl}/admin/v1`,
    timeout: opts.timeoutMs ?? 30_000,
    validateStatus: () => true,
    headers: { authorization: `Bearer ${opts.token}`, accept: 'application/json, application/problem+json' },
  });
  const get = <T>(path: string, query: Query = {}) => call<T>(http, baseUrl, 'GET', path + queryString(query));
  const post = <T>(path: string, body: object = {}) => call<T>(http, baseUrl, 'POST', path, body);
  const id = encodeURIComponent;
  return {
    listMessages: (query: Query) => get<Page<MessageSummary>>('/messages', query),
    getMessage: (messageId: string) => get<MessageDetail>(`/messages/${id(messageId)}`),
    failures: () => get<Failures>('/failures'),
    inFlight: (stuckAfter?: number) => get<InFlight>('/in-flight', { stuckAfter }),
    replayMessage: (messageId: string, reason?: string) => post<ReplayAnswer>(`/messages/${id(messageId)}/replay`, { reason }),
    discardMessage: (messageId: string, reason: string) => post<{ id: string; status: 'discarded' }>(`/messages/${id(messageId)}/discard`, { reason }),
    editAndReplay: (messageId: string, payload: unknown, reason: string) =>
      post<EditAndReplayAnswer>(`/messages/${id(messageId)}/edit-and-replay`, { payload, reason }),
    startReplay: (request: ReplayRequest) => post<ReplayJob | DryRun>('/replays', request),
    getReplay: (jobId: string) => get<ReplayJob>(`/replays/${id(jobId)}`),
    listReplays: () => get<{ items: ReplayJob[] }>('/replays'),
    replayItems: (jobId: string, query: Query) => get<ReplayItems>(`/replays/${id(jobId)}/items`, query),
    cancelReplay: (jobId: string) => post<ReplayJob>(`/replays/${id(jobId)}/cancel`),
    audit: (query: Query) => get<Page<AuditEntry>>('/audit', query),
  };
}

export type AdminClient = ReturnType<typeof createAdminClient>;

function checkedBaseUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new Error(`the admin API URL ${JSON.stringify(text)} is not a URL (e.g. http://127.0.0.1:8080)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error(`the admin API URL ${text} is not http(s)`);
  return text.replace(/\/+$/, '');
}

async function call<T>(http: AxiosInstance, baseUrl: string, method: 'GET' | 'POST', url: string, data?: object): Promise<T> {
  let res;
  try {
    res = await http.request({ method, url, data });
  } catch (e) {
    throw isAxiosError(e) ? new AdminConnectionError(baseUrl, connectionReason(e.code, e.message)) : e;
  }
  if (res.status >= 200 && res.status < 300) return res.data as T;
  throw errorFromAnswer(res.status, res.data);
}

function connectionReason(code: string | undefined, message: string): string {
  if (code === 'ECONNREFUSED') return 'connection refused';
  if (code === 'ECONNABORTED' || code === 'ETIMEDOUT') return 'no answer in time';
  if (code === 'ENOTFOUND') return 'the host name does not resolve';
  return message;
}

/**
 * An error answer as an {@link AdminApiError}. A problem+json body gives code, detail and
 * problems (its `errors`, each `{pointer, code, detail}`); another JSON body (Fastify's own `{error, message}`) or a text body is described as
 * well as it can be, so that what the operator sees is never just "Request failed".
 */
export function errorFromAnswer(status: number, body: unknown): AdminApiError {
  if (body !== null && typeof body === 'object') {
    const b = body as Record<string, unknown>;
    const code = text(b.code) ?? text(b.error) ?? 'HTTP_ERROR';
    const detail = text(b.detail) ?? text(b.message) ?? text(b.title) ?? 'no detail given';
    return new AdminApiError(status, code, detail, Array.isArray(b.errors) ? b.errors.map(problemOf) : []);
  }
  const raw = typeof body === 'string' ? body.replace(/\s+/g, ' ').trim().slice(0, 200) : '';
  return new AdminApiError(status, 'HTTP_ERROR', raw === '' ? 'an answer without a body' : raw);
}

function problemOf(p: unknown): Problem {
  const o = (p ?? {}) as Record<string, unknown>;
  return { pointer: text(o.pointer) ?? '', code: text(o.code) ?? '', message: text(o.detail) ?? '' };
}

function text(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}
