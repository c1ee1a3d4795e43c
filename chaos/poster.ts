/**
 * The municipal client of the chaos run: `concurrency` clients post entries 0..count-1, each with
 * Idempotency-Key `chaos-<runId>-<index>`. A 503, a 409 or a failed connection is retried with the same
 * key (after Retry-After, at most 5 s) for up to `perEntryMs`, as a careful client would; the key
 * makes the retry safe. Anything else that is not a 202 is a refusal, recorded, never retried.
 */
export interface PostingOptions {
  intakeUrl: string;
  apiKey: string;
  runId: string;
  count: number;
  concurrency: number;
  body: (index: number) => string;
  /** Called after each entry is settled on the client side (accepted, refused or given up). */
  onProgress?: (done: number) => void;
  /** @defaultValue 120 000 */
  perEntryMs?: number;
}

export interface Refusal {
  index: number;
  status: number;
  code?: string;
}

export interface PostingReport {
  /** Message id by entry index, for every entry answered 202. */
  accepted: Map<number, string>;
  refused: Refusal[];
  /** Entries still unanswered (503, no connection) after `perEntryMs`. */
  gaveUp: number[];
  /** Answers 503 and 409 and failed connections, all retried. */
  retries: number;
  /** 202s that repeated an earlier request's answer (header Idempotent-Replayed). */
  replays: number;
  elapsedMs: number;
}

const REQUEST_TIMEOUT_MS = 30_000;
const MAX_BACKOFF_MS = 5_000;

type Attempt = { kind: 'accepted'; id: string; replayed: boolean; status: string } | { kind: 'retry'; waitMs: number } | { kind: 'refused'; status: number; code?: string };

async function postOnce(o: PostingOptions, index: number): Promise<Attempt> {
  let res: Response;
  try {
    res = await fetch(`${o.intakeUrl}/v1/registry-entries`, {
      method: 'POST',
      headers: { authorization: `Bearer ${o.apiKey}`, 'content-type': 'application/json', 'idempotency-key': `chaos-${o.runId}-${index}` },
      body: o.body(index),
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  } catch {
    return { kind: 'retry', waitMs: 1000 };
  }
  const body = (await res.json().catch(() => ({}))) as { id?: string; status?: string; code?: string };
  if (res.status === 202 && typeof body.id === 'string') {
    return { kind: 'accepted', id: body.id, status: String(body.status), replayed: res.headers.get('idempotent-replayed') === 'true' };
  }
  // 503: not accepted, try again; 409: the first request with this key is still being queued.
  if (res.status === 503 || res.status === 409) {
    const after = Number(res.headers.get('retry-after'));
    return { kind: 'retry', waitMs: Number.isFinite(after) && after > 0 ? Math.min(after * 1000, MAX_BACKOFF_MS) : 1000 };
  }
  return { kind: 'refused', status: res.status, code: body.code };
}

/**
 * A replay of a request still in flight (`received`) is not an acceptance yet: its publish may
 * still fail, and then the message ends `rejected` and the key is free again. Wait for it to
 * leave `received`; resolves whether it was accepted after all.
 */
async function settledAccepted(o: PostingOptions, id: string, until: number): Promise<boolean> {
  while (Date.now() < until) {
    const res = await fetch(`${o.intakeUrl}/v1/messages/${id}`, { headers: { authorization: `Bearer ${o.apiKey}` }, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) }).catch(() => undefined);
    const status = res?.ok ? ((await res.json()) as { status: string }).status : 'received';
    if (status === 'rejected') return false;
    if (status !== 'received') return true;
    await new Promise((r) => setTimeout(r, 500));
  }
  return true;
}

async function postEntry(o: PostingOptions, index: number, report: PostingReport): Promise<void> {
  const until = Date.now() + (o.perEntryMs ?? 120_000);
  while (Date.now() < until) {
    const a = await postOnce(o, index);
    if (a.kind === 'refused') {
      report.refused.push({ index, status: a.status, code: a.code });
      return;
    }
    if (a.kind === 'accepted') {
      if (a.replayed) report.replays++;
      if (!a.replayed || a.status !== 'received' || (await settledAccepted(o, a.id, until))) {
        report.accepted.set(index, a.id);
        return;
      }
      continue;
    }
    report.retries++;
    await new Promise((r) => setTimeout(r, a.waitMs));
  }
  report.gaveUp.push(index);
}

export async function postEntries(o: PostingOptions): Promise<PostingReport> {
  const report: PostingReport = { accepted: new Map(), refused: [], gaveUp: [], retries: 0, replays: 0, elapsedMs: 0 };
  const started = Date.now();
  let next = 0;
  let done = 0;
  await Promise.all(
    Array.from({ length: Math.min(o.concurrency, o.count) }, async () => {
      while (next < o.count) {
        const index = next++;
        await postEntry(o, index, report);
        o.onProgress?.(++done);
      }
    }),
  );
  report.elapsedMs = Date.now() - started;
  return report;
}
