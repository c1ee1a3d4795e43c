import type { MessageDetail, MessageSummary, ReplayJob } from '../../../src/cli/admin/client';
import { age, compactJson, createProgressWriter, duration, keyValues, progressBar, table, timestamp, truncate } from '../../../src/cli/admin/format';
import { jobDetail, jobItems, messageDetail, messagePage } from '../../../src/cli/admin/views';

const MESSAGE: MessageSummary = {
  id: 'm-1', tenant: 'L01280796', type: 'registry-entry', route: 'registry-entry-to-sir', status: 'parked', correlationId: 'c-1',
  registryNumber: null, exchangeId: 'X-1', attempts: 3, replayOf: null, createdAt: '2026-01-01T10:00:00.123Z', updatedAt: '2026-01-01T10:05:00.456Z',
};

/** A fake stderr that keeps what is written. */
function stream(isTTY: boolean) {
  const written: string[] = [];
  return { written, isTTY, write: (text: string) => written.push(text) };
}

describe('admin command tables', () => {
  it('pads columns to their widest cell, two spaces apart, without trailing blanks', () => {
    expect(table(['ID', 'STATUS'], [['m-1', 'parked'], ['message-2', 'ok']])).toBe(
      'ID         STATUS\n' +
      'm-1        parked\n' +
      'message-2  ok\n',
    );
  });

  it('shows null and missing cells as — and folds new lines inside a cell', () => {
    expect(table(['A', 'B', 'C'], [[null, 'two\nlines', undefined]])).toBe('A  B          C\n—  two lines  —\n');
  });

  it('cuts long cells to the column limit with …', () => {
    const out = table([{ title: 'DETAIL', max: 10 }], [['a'.repeat(25)]]);
    expect(out.split('\n')[1]).toBe('aaaaaaaaa…');
    expect(truncate('short', 10)).toBe('short');
    expect(table(['X'], [['b'.repeat(50)]]).split('\n')[1]).toHaveLength(40);
  });

  it('says (none) under the titles of an empty table', () => {
    expect(table(['ID', 'STATUS'], [])).toBe('ID  STATUS\n(none)\n');
  });

  it('aligns key: value lines', () => {
    expect(keyValues([['id', 'm-1'], ['replay of', null]], '  ')).toBe('  id:        m-1\n  replay of: —\n');
  });
});

describe('admin command durations and times', () => {
  it('gives a duration in its two largest units, rounded down', () => {
    expect(duration(850)).toBe('850ms');
    expect(duration(42_999)).toBe('42s');
    expect(duration(192_000)).toBe('3m 12s');
    expect(duration(180_000)).toBe('3m');
    expect(duration(2 * 3_600_000 + 5 * 60_000 + 59_000)).toBe('2h 5m');
    expect(duration(4 * 86_400_000 + 3_600_000)).toBe('4d 1h');
    expect(duration(-5)).toBe('0ms');
  });

  it('gives the age of a timestamp, and — for one that is not a time', () => {
    expect(age('2026-01-01T10:00:00Z', Date.parse('2026-01-01T10:03:12Z'))).toBe('3m 12s');
    expect(age(null)).toBe('—');
    expect(age('yesterday')).toBe('—');
  });

  it('drops the fraction of a second from timestamps and leaves other text alone', () => {
    expect(timestamp('2026-01-01T10:00:03.123Z')).toBe('2026-01-01T10:00:03Z');
    expect(timestamp('2026-01-01T10:00:03.5+01:00')).toBe('2026-01-01T10:00:03+01:00');
    expect(timestamp('soon')).toBe('soon');
    expect(timestamp(null)).toBeNull();
  });
});

describe('compact JSON', () => {
  it('keeps a value that fits on one line and breaks a larger one member by member', () => {
    expect(compactJson({ status: 500, body: 'x' })).toBe('{"status":500,"body":"x"}');
    expect(compactJson({ status: 500, fault: { code: 'soap:Server', text: 'x'.repeat(30) } }, 40)).toBe(
      '{\n  "status": 500,\n  "fault": {\n    "code": "soap:Server",\n    "text": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"\n  }\n}',
    );
    expect(compactJson([1, [2, 3]], 8)).toBe('[\n  1,\n  [2,3]\n]');
  });
});

describe('bulk replay progress', () => {
  it('draws a bar of the done share with the percentage and the counts', () => {
    expect(progressBar(9000, 20000, 20)).toBe('[#########-----------] 45% 9000/20000');
    expect(progressBar(0, 10, 10)).toBe('[----------] 0% 0/10');
    expect(progressBar(10, 10, 10)).toBe('[##########] 100% 10/10');
  });

  it('rounds down, so 100% means everything is done, and counts exactly (29 of 100 is 29%)', () => {
    expect(progressBar(999, 1000, 10)).toBe('[#########-] 99% 999/1000');
    expect(progressBar(29, 100, 100)).toContain('] 29% 29/100');
  });

  it('draws a full bar for nothing to do and never overflows when a count races ahead', () => {
    expect(progressBar(0, 0, 4)).toBe('[####] 100% 0/0');
    expect(progressBar(12, 10, 4)).toBe('[####] 100% 12/10');
  });

  it('redraws in place with \\r on a terminal, and ends the line when finished', () => {
    const err = stream(true);
    const progress = createProgressWriter(err, { width: 4 });
    progress.update(1, 4);
    progress.update(4, 4);
    progress.finish();
    expect(err.written).toEqual(['\r[#---] 25% 1/4', '\r[####] 100% 4/4', '\n']);
  });

  it('writes a line each time another step of percent is reached when stderr is not a terminal', () => {
    const err = stream(false);
    const progress = createProgressWriter(err, { width: 4, everyPercent: 25 });
    for (const done of [0, 10, 20, 30, 55, 60, 100]) progress.update(done, 100);
    progress.finish();
    expect(err.written).toEqual(['[----] 0% 0/100\n', '[#---] 30% 30/100\n', '[##--] 55% 55/100\n', '[####] 100% 100/100\n']);
  });
});

describe('admin answers as text', () => {
  it("shows a bulk replay's items with why each was not replayed, and how to get the next page", () => {
    const text = jobItems({ items: [
      { seq: 1, messageId: 'm-1', state: 'replayed', replayId: 'r-1', note: null },
      { seq: 2, messageId: 'm-2', state: 'failed', replayId: null, note: 'route retired-route is not configured' },
    ], nextAfter: 2 });
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^SEQ\s+MESSAGE\s+STATE\s+REPLAY\s+NOTE$/);
    expect(lines[2]).toMatch(/^2\s+m-2\s+failed\s+—\s+route retired-route is not configured$/);
    expect(lines.at(-1)).toBe('more: --after 2');
  });

  it('lists messages with a null registry number as — and the next cursor after the table', () => {
    const out = messagePage({ items: [MESSAGE], nextCursor: 'abc' }).split('\n');
    expect(out[0]).toMatch(/^ID\s+TENANT\s+TYPE\s+ROUTE\s+STATUS\s+ATTEMPTS\s+REGISTRY NO\s+EXCHANGE ID\s+UPDATED$/);
    expect(out[1]).toMatch(/^m-1\s+L01280796\s+registry-entry\s+registry-entry-to-sir\s+parked\s+3\s+—\s+X-1\s+2026-01-01T10:05:00Z$/);
    expect(out[2]).toBe('more: --cursor abc');
    expect(messagePage({ items: [], nextCursor: null })).not.toContain('more:');
  });

  it('shows a message with its history and parked evidence, and no Exchanges section when there are none', () => {
    const detail: MessageDetail = {
      ...MESSAGE, replays: [{ id: 'm-2', status: 'queued', createdAt: MESSAGE.createdAt }], exchanges: [],
      history: [{ at: MESSAGE.createdAt, event: 'delivery-failed', status: 'parked', attempt: 3, outcome: 'permanent', code: 'SIR_REJECTED', detail: 'no' }],
      parked: [{ id: 'p-1', code: 'SIR_REJECTED', detail: 'no', lastResponse: { status: 500 }, attempts: 3, firstSeenAt: MESSAGE.createdAt, parkedAt: MESSAGE.updatedAt }],
    };
    const out = messageDetail(detail);
    expect(out).toContain('replays:         m-2 (queued)\n');
    expect(out).toContain('registry number: —\n');
    expect(out).toMatch(/\nHistory\nAT\s+EVENT\s+STATUS\s+ATTEMPT\s+OUTCOME\s+CODE\s+DETAIL\n2026-01-01T10:00:00Z\s+delivery-failed\s+parked\s+3/);
    expect(out).toContain('\nParked\n  code:     SIR_REJECTED\n');
    expect(out).toContain('  lastResponse:\n    {"status":500}\n');
    expect(out).not.toContain('Exchanges');
  });

  it('shows a job as key: value lines, its filter as --filter text and its creator by name', () => {
    const job: ReplayJob = {
      id: 'j-1', status: 'running', filter: { status: 'parked', route: 'r' }, limit: null, ratePerSecond: 5, total: 10, replayed: 2, skipped: 1,
      failed: 0, createdBy: { id: 'o-1', name: 'ana', role: 'admin' }, createdAt: MESSAGE.createdAt, updatedAt: MESSAGE.updatedAt, finishedAt: null,
    };
    const out = jobDetail(job);
    expect(out).toContain('filter:        status=parked,route=r\n');
    expect(out).toContain('limit:         —\n');
    expect(out).toContain('createdBy:     ana\n');
    expect(jobDetail({ ...job, createdBy: 'luis' })).toContain('createdBy:     luis\n');
  });
});
