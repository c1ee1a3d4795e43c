import type { MessageStatus } from '../src/journal';
import type { ExchangeRecord, FaultCounts, SirStats } from '../simulators/sir';

/** One accepted entry as the journal holds it after the run ('missing': no row at all). */
export interface EntryRow {
  id: string;
  status: MessageStatus | 'missing';
  exchangeId: string | null;
}

export interface AccountingInput {
  posted: number;
  /** One per entry answered 202. */
  rows: EntryRow[];
  refused: number;
  gaveUp: number;
  /** Every row of the run's journal, by status (refused publishes included, as `rejected`). */
  journalCounts: Partial<Record<MessageStatus, number>>;
  sim: SirStats;
  exchanges: ExchangeRecord[];
  /** Disruptions that could not be carried out. */
  failedDisruptions: number;
}

export interface Accounting {
  posted: number;
  accepted: number;
  refused: number;
  gaveUp: number;
  delivered: number;
  parked: number;
  /** Accepted, and neither delivered nor parked. */
  lost: number;
  lostSamples: { id: string; status: string }[];
  /** Delivered by the journal's account, yet SIR never took its fichero: lost too. */
  deliveredNotAtSir: number;
  /** Parked (every answer lost or refused), though SIR holds the fichero: not a double effect. */
  parkedHeldBySir: number;
  /** Journal rows beyond the accepted ones that are not `rejected` (accepted twice?). */
  extraJournalRows: number;
  sirReceived: number;
  sirUnique: number;
  /** Ficheros SIR took again under an id it already held: tolerated by design, kept few. */
  resends: number;
  faults: FaultCounts;
  /** Exchange ids SIR holds that belong to no accepted entry. */
  foreignFicheros: number;
  /** Registry numbers SIR holds under more than one exchange id. */
  entriesUnderSeveralIds: number;
  /** Ficheros that took effect although they should not have: the union of the two above, counted once each. */
  doubleEffects: number;
  doubleSamples: string[];
  failedDisruptions: number;
  verdict: 'pass' | 'fail';
  /** Why the verdict is `fail`; empty on `pass`. */
  reasons: string[];
}

const SAMPLES = 10;

/** Exchange ids that took effect beyond one per accepted entry. */
function extraEffects(exchanges: ExchangeRecord[], acceptedIds: Set<string>): { extra: Set<string>; foreign: number; severalIds: number } {
  const extra = new Set<string>();
  let foreign = 0;
  for (const r of exchanges) {
    if (!acceptedIds.has(r.exchangeId)) {
      extra.add(r.exchangeId);
      foreign++;
    }
  }
  const byNumber = new Map<string, string[]>();
  for (const r of exchanges) if (r.registryNumber !== undefined) byNumber.set(r.registryNumber, [...(byNumber.get(r.registryNumber) ?? []), r.exchangeId]);
  let severalIds = 0;
  for (const ids of byNumber.values()) {
    if (ids.length < 2) continue;
    severalIds++;
    // One of them is the entry's own effect: the accepted id if there is one, else the first.
    const own = ids.find((id) => acceptedIds.has(id)) ?? ids[0];
    for (const id of ids) if (id !== own) extra.add(id);
  }
  return { extra, foreign, severalIds };
}

function reasonsOf(a: Omit<Accounting, 'verdict' | 'reasons'>): string[] {
  const reasons: string[] = [];
  if (a.lost > 0) reasons.push(`${a.lost} accepted entries neither delivered nor parked`);
  if (a.deliveredNotAtSir > 0) reasons.push(`${a.deliveredNotAtSir} entries delivered by the journal but never taken by SIR`);
  if (a.doubleEffects > 0) reasons.push(`${a.doubleEffects} ficheros took effect twice`);
  if (a.refused + a.gaveUp > 0) reasons.push(`${a.refused + a.gaveUp} entries never accepted (refused or given up), so the proof is incomplete`);
  if (a.failedDisruptions > 0) reasons.push(`${a.failedDisruptions} disruptions could not be carried out`);
  return reasons;
}

export function account(i: AccountingInput): Accounting {
  const held = new Set(i.exchanges.map((r) => r.exchangeId));
  const acceptedIds = new Set(i.rows.flatMap((r) => (r.exchangeId ? [r.exchangeId] : [])));
  const delivered = i.rows.filter((r) => r.status === 'delivered');
  const parked = i.rows.filter((r) => r.status === 'parked');
  const lost = i.rows.filter((r) => r.status !== 'delivered' && r.status !== 'parked');
  const { extra, foreign, severalIds } = extraEffects(i.exchanges, acceptedIds);
  const notRejected = Object.entries(i.journalCounts).reduce((n, [s, c]) => (s === 'rejected' ? n : n + (c ?? 0)), 0);
  const base = {
    posted: i.posted,
    accepted: i.rows.length,
    refused: i.refused,
    gaveUp: i.gaveUp,
    delivered: delivered.length,
    parked: parked.length,
    lost: lost.length,
    lostSamples: lost.slice(0, SAMPLES).map((r) => ({ id: r.id, status: r.status })),
    deliveredNotAtSir: delivered.filter((r) => !r.exchangeId || !held.has(r.exchangeId)).length,
    parkedHeldBySir: parked.filter((r) => r.exchangeId && held.has(r.exchangeId)).length,
    extraJournalRows: Math.max(0, notRejected - i.rows.length),
    sirReceived: i.sim.received,
    sirUnique: i.sim.unique,
    resends: i.sim.duplicates,
    faults: i.sim.faults,
    foreignFicheros: foreign,
    entriesUnderSeveralIds: severalIds,
    doubleEffects: extra.size,
    doubleSamples: [...extra].slice(0, SAMPLES),
    failedDisruptions: i.failedDisruptions,
  };
  const reasons = reasonsOf(base);
  return { ...base, verdict: reasons.length === 0 ? 'pass' : 'fail', reasons };
}
