import http from 'node:http';
import { exampleEntry, post, startStack, type TestStack } from '../../helpers/stack';
import { CSV_CASES } from './hostile-csv';
import { type HostileCase, JSON_CASES, XML_CASES } from './hostile-bodies';

const ROUTE = 'registry-entry-to-sir';

/** What "nothing published, nothing half-written" is checked on: journal rows and ready messages. */
async function footprint(stack: TestStack) {
  const counts = await stack.app.journal.countByStatus();
  return { rows: Object.values(counts).reduce((a, b) => a + (b ?? 0), 0), queued: await stack.app.bus.queueDepth(ROUTE) };
}

async function send(stack: TestStack, c: HostileCase) {
  const res = await fetch(`${stack.url}${c.path ?? '/v1/registry-entries'}`, {
    method: 'POST', headers: { authorization: `Bearer ${stack.key}`, 'content-type': c.contentType }, body: c.body,
  });
  return { status: res.status, contentType: res.headers.get('content-type'), body: (await res.json()) as any };
}

/**
 * Streams up to `cap` bytes of body without a Content-Length and resolves with the answer and how
 * much was written before it came: a limit applied while reading answers long before the cap.
 */
function streamUntilAnswered(stack: TestStack, cap: number, contentType = 'application/json'): Promise<{ status: number; written: number; code?: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL('/v1/registry-entries', stack.url);
    const req = http.request(url, { method: 'POST', headers: { authorization: `Bearer ${stack.key}`, 'content-type': contentType } });
    let written = 0;
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode ?? 0, written, code: text ? JSON.parse(text).code : undefined });
      });
    });
    req.on('error', (e) => (answered ? undefined : reject(e)));
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const pump = () => {
      while (!answered && written < cap) {
        written += chunk.length;
        if (!req.write(chunk)) return req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    req.write('{"padding":"');
    pump();
  });
}

describe('hostile input at intake: a coded problem, nothing published, the process healthy', () => {
  let stack: TestStack;
  beforeAll(async () => {
    stack = await startStack({ role: 'intake', configure: (c) => void (c.http.bodyLimitBytes = 1024 * 1024) });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it.each([...JSON_CASES, ...XML_CASES, ...CSV_CASES].map((c) => [c.name, c] as const))('refuses %s', async (_name, c) => {
    const before = await footprint(stack);
    const res = await send(stack, c);
    expect(res.status).toBe(c.status);
    expect(res.contentType).toMatch(/^application\/problem\+json/);
    expect(res.body.code).toBe(c.code);
    if (c.pointer) {
      const pointers = [...(res.body.errors ?? []), ...(res.body.items ?? []).flatMap((i: any) => i.errors)].map((e: any) => e.pointer);
      expect(pointers.some((p: string) => p.startsWith(c.pointer!))).toBe(true);
    }
    expect(await footprint(stack)).toEqual(before);
  });

  it('refuses a body over the limit with 413 while it streams in, long before it ends', async () => {
    const before = await footprint(stack);
    const cap = 64 * 1024 * 1024;
    const res = await streamUntilAnswered(stack, cap);
    expect(res.status).toBe(413);
    expect(res.code).toBe('INTAKE_BODY_TOO_LARGE');
    expect(res.written).toBeLessThan(cap);
    expect(await footprint(stack)).toEqual(before);
  });

  it('refuses a Content-Type no adapter accepts with 415 before reading the body', async () => {
    const cap = 64 * 1024 * 1024;
    const res = await streamUntilAnswered(stack, cap, 'application/x-unknown');
    expect(res.status).toBe(415);
    expect(res.code).toBe('INTAKE_UNSUPPORTED_MEDIA_TYPE');
    expect(res.written).toBeLessThan(cap);
  });

  it('is still healthy and accepting after all of it', async () => {
    expect((await fetch(`${stack.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${stack.url}/readyz`)).status).toBe(200);
    expect((await post(stack, exampleEntry())).status).toBe(202);
  });
});
