import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { checkNotification, DEFAULT_NOTIFICATION_LIMITS } from '../../../src/core/check-notification';
import type { Notification } from '../../../src/core/notification';
import { projectPath } from '../../../src/core/paths';

function exampleNotification(): Notification {
  return JSON.parse(readFileSync(projectPath('schemas', 'canonical', 'examples', 'notification.json'), 'utf8')) as Notification;
}

// 10:00 in Madrid (CEST) on 1 June 2026.
const NOW = new Date('2026-06-01T08:00:00Z');
const MiB = 1024 * 1024;

function codes(n: Notification, now = NOW, options = {}): Array<[string, string]> {
  return checkNotification(n, now, options).map((p) => [p.pointer, p.code]);
}

function withDocument(n: Notification, bytes: Buffer): Notification {
  n.document.content = bytes.toString('base64');
  n.document.sha256 = createHash('sha256').update(bytes).digest('hex');
  return n;
}

describe('checkNotification', () => {
  it('finds nothing wrong with the published example', () => {
    expect(checkNotification(exampleNotification(), NOW)).toEqual([]);
  });

  it('reports a document whose sha256 does not match its content', () => {
    const n = exampleNotification();
    n.document.sha256 = '0'.repeat(64);
    expect(codes(n)).toEqual([['/document/sha256', 'NOTIFICATION_HASH_MISMATCH']]);
  });

  it('reports the sha256 of the base64 text instead of the bytes', () => {
    const n = exampleNotification();
    n.document.sha256 = createHash('sha256').update(n.document.content).digest('hex');
    expect(codes(n)).toEqual([['/document/sha256', 'NOTIFICATION_HASH_MISMATCH']]);
  });

  it('reports an empty document', () => {
    const n = withDocument(exampleNotification(), Buffer.alloc(0));
    expect(codes(n)).toEqual([['/document/content', 'NOTIFICATION_DOCUMENT_EMPTY']]);
  });

  it('accepts a document of exactly 10 MiB and reports one byte more', () => {
    expect(DEFAULT_NOTIFICATION_LIMITS.maxDocumentBytes).toBe(10 * MiB);
    const bytes = Buffer.alloc(10 * MiB + 1, 0x20);
    bytes.write('%PDF-1.7\n');
    expect(codes(withDocument(exampleNotification(), bytes.subarray(0, 10 * MiB)))).toEqual([]);
    expect(codes(withDocument(exampleNotification(), bytes))).toEqual([['/document/content', 'NOTIFICATION_DOCUMENT_TOO_LARGE']]);
  });

  it('takes the size limit as an option', () => {
    const n = exampleNotification();
    const size = Buffer.from(n.document.content, 'base64').length;
    expect(codes(n, NOW, { maxDocumentBytes: size })).toEqual([]);
    expect(codes(n, NOW, { maxDocumentBytes: size - 1 })).toEqual([['/document/content', 'NOTIFICATION_DOCUMENT_TOO_LARGE']]);
    expect(checkNotification(n, NOW, { maxDocumentBytes: 100 })[0].message).toContain('100 bytes');
  });

  it('reports a document that is not a PDF', () => {
    const n = withDocument(exampleNotification(), Buffer.from('<html>not a pdf</html>'));
    expect(codes(n)).toEqual([['/document/content', 'NOTIFICATION_DOCUMENT_NOT_PDF']]);
  });

  it('accepts a PDF header after a few leading bytes, as PDF readers do', () => {
    const n = withDocument(exampleNotification(), Buffer.from('\r\n\ufeff%PDF-1.4\n%%EOF\n'));
    expect(codes(n)).toEqual([]);
  });

  it.each([
    ['2026-06-01', []],
    ['2026-06-10', []],
    ['2026-05-31', [['/scheduledFor', 'NOTIFICATION_SCHEDULED_IN_PAST']]],
    ['2025-12-31', [['/scheduledFor', 'NOTIFICATION_SCHEDULED_IN_PAST']]],
  ])('judges scheduledFor %s against today in Madrid', (scheduledFor, expected) => {
    expect(codes({ ...exampleNotification(), scheduledFor })).toEqual(expected);
  });

  it('uses the Madrid calendar date, not the UTC one', () => {
    // 23:30 UTC on 1 June is already 2 June in Madrid (CEST, +02:00).
    const lateEvening = new Date('2026-06-01T22:30:00Z');
    expect(codes({ ...exampleNotification(), scheduledFor: '2026-06-01' }, lateEvening))
      .toEqual([['/scheduledFor', 'NOTIFICATION_SCHEDULED_IN_PAST']]);
    expect(codes({ ...exampleNotification(), scheduledFor: '2026-06-02' }, lateEvening)).toEqual([]);
    // In winter Madrid is +01:00: 23:30 UTC on 31 December is 1 January.
    expect(codes({ ...exampleNotification(), scheduledFor: '2026-12-31' }, new Date('2026-12-31T23:30:00Z')))
      .toEqual([['/scheduledFor', 'NOTIFICATION_SCHEDULED_IN_PAST']]);
  });

  it('reports envíos that would expire on or before their scheduled date', () => {
    const n = { ...exampleNotification(), expiryDays: 10 };
    expect(codes({ ...n, scheduledFor: '2026-06-10' })).toEqual([]);
    expect(codes({ ...n, scheduledFor: '2026-06-11' })).toEqual([['/expiryDays', 'NOTIFICATION_EXPIRES_BEFORE_SCHEDULE']]);
    expect(codes({ ...n, scheduledFor: '2027-01-01' })).toEqual([['/expiryDays', 'NOTIFICATION_EXPIRES_BEFORE_SCHEDULE']]);
  });

  it('compares against the real clock when no time is given', () => {
    expect(checkNotification({ ...exampleNotification(), scheduledFor: '2000-01-01' }).map((p) => p.code))
      .toEqual(['NOTIFICATION_SCHEDULED_IN_PAST']);
  });

  it('reports each later recipient with the same holder document (one envío per titular)', () => {
    const n = exampleNotification();
    n.recipients.push(structuredClone(n.recipients[0]), structuredClone(n.recipients[1]), structuredClone(n.recipients[0]));
    expect(codes(n)).toEqual([
      ['/recipients/2/holder/documentNumber', 'NOTIFICATION_DUPLICATE_HOLDER'],
      ['/recipients/3/holder/documentNumber', 'NOTIFICATION_DUPLICATE_HOLDER'],
      ['/recipients/4/holder/documentNumber', 'NOTIFICATION_DUPLICATE_HOLDER'],
    ]);
  });

  it('reports the same administration twice by its DIR3 code', () => {
    const n = exampleNotification();
    const administration = { holder: { dir3Code: 'L01230503', companyName: 'Ayuntamiento de ejemplo' } };
    n.recipients.push(structuredClone(administration), structuredClone(administration));
    expect(codes(n)).toEqual([['/recipients/3/holder/dir3Code', 'NOTIFICATION_DUPLICATE_HOLDER']]);
  });

  it('does not confuse a holder with another recipient\'s representative', () => {
    const n = exampleNotification();
    n.recipients[1].representative = structuredClone(n.recipients[0].holder);
    expect(codes(n)).toEqual([]);
  });

  it('reports a representative who is the holder', () => {
    const n = exampleNotification();
    n.recipients[0].representative = { ...n.recipients[0].holder };
    expect(codes(n)).toEqual([['/recipients/0/representative/documentNumber', 'NOTIFICATION_REPRESENTATIVE_IS_HOLDER']]);
  });

  it('reports a municipality or postal code outside the province', () => {
    const n = exampleNotification();
    Object.assign(n.recipients[1].postalAddress!, { municipalityCode: '280796', postalCode: '28013' });
    expect(codes(n)).toEqual([
      ['/recipients/1/postalAddress/municipalityCode', 'NOTIFICATION_POSTAL_PROVINCE_MISMATCH'],
      ['/recipients/1/postalAddress/postalCode', 'NOTIFICATION_POSTAL_CODE_PROVINCE_MISMATCH'],
    ]);
  });

  it('does not hold a foreign postal code to a Spanish province', () => {
    const n = exampleNotification();
    n.recipients[1].postalAddress = { kind: 'foreign', streetName: 'Rue Exemple', town: 'Paris', country: 'FR', postalCode: '75001', provinceCode: '23' };
    expect(codes(n)).toEqual([]);
  });

  it('never throws on odd values', () => {
    const odd = [
      {}, { recipients: null }, { recipients: [null, 1, { holder: null }, { representative: {} }] },
      { document: null }, { document: { content: 42 } }, { scheduledFor: 5 }, { scheduledFor: '2026-06-01', expiryDays: 'x' },
      { recipients: [{ holder: {}, postalAddress: { provinceCode: '23' } }] },
    ];
    for (const value of odd) {
      expect(() => checkNotification(value as unknown as Notification, NOW)).not.toThrow();
    }
    expect(() => checkNotification(exampleNotification(), new Date(Number.NaN))).not.toThrow();
  });
});
