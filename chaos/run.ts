import type { MessageStatus } from '../src/journal';
import { account, type Accounting, type EntryRow } from './accounting';
import { createCleanup } from './cleanup';
import { brokerRestart, type Disruption, type DisruptionLog, scheduleDisruptions, simulatorDown, workerKill } from './disruptions';
import { entryBodies } from './entries';
import { setUp, type ChaosStack } from './environment';
import { type ChaosOptions, parseOptions } from './options';
import { postEntries, type PostingReport } from './poster';
import { renderReport, type RunFacts, summaryJson } from './report';
import { waitForSettling } from './settle';

/**
 * `npm run chaos`: post registry entries through pasarela (intake and workers as separate
 * processes, a SIR simulator injecting faults) while the broker restarts, a worker is killed
 * and SIR goes away; then account for every entry. Exit 0: nothing lost, nothing took effect
 * twice. Exit 1: something was. Exit 2: the run itself could not be carried out.
 */
const say = (line: string): void => void process.stderr.write(`chaos: ${line}\n`);

/** `fn`, at most once per `ms`: progress lines, not one per entry. */
function throttled<T>(ms: number, fn: (v: T) => void): (v: T) => void {
  let last = 0;
  return (v) => {
    if (Date.now() - last < ms) return;
    last = Date.now();
    fn(v);
  };
}

function disruptionsFor(o: ChaosOptions, stack: ChaosStack): Disruption[] {
  const list: Disruption[] = [];
  if (o.brokerRestart) list.push(brokerRestart());
  if (o.workerKill) list.push(workerKill(stack.workers[0]));
  if (o.simulatorDown) list.push(simulatorDown(stack.simControl));
  return list;
}

/** Journal rows of the accepted entries, a few at a time. */
async function rowsOf(stack: ChaosStack, ids: string[]): Promise<EntryRow[]> {
  const rows: EntryRow[] = [];
  for (let i = 0; i < ids.length; i += 50) {
    const batch = await Promise.all(ids.slice(i, i + 50).map((id) => stack.journal.getMessage(id)));
    batch.forEach((row, j) => rows.push(row ? { id: row.id, status: row.status, exchangeId: row.exchangeId } : { id: ids[i + j], status: 'missing', exchangeId: null }));
  }
  return rows;
}

function countsText(c: Partial<Record<MessageStatus, number>>): string {
  return Object.entries(c).map(([s, n]) => `${s} ${n}`).join(', ') || 'empty';
}

/** Post every entry while the disruptions run; resolves once both are over. */
async function postAndDisrupt(o: ChaosOptions, stack: ChaosStack) {
  const schedule = scheduleDisruptions(disruptionsFor(o, stack), o.count);
  const sayPosted = throttled<number>(10_000, (n) => say(`${n} of ${o.count} posted`));
  say(`posting ${o.count} entries with ${o.concurrency} clients`);
  const posting = await postEntries({
    intakeUrl: stack.intake.url, apiKey: stack.apiKey, runId: stack.runId, count: o.count, concurrency: o.concurrency,
    body: entryBodies(stack.runId),
    onProgress: (n) => {
      schedule.progress(n);
      sayPosted(n);
    },
  });
  say(`posted in ${(posting.elapsedMs / 1000).toFixed(1)} s: ${posting.accepted.size} accepted; waiting for the disruptions to finish`);
  if (posting.refused.length) say(`refusals: ${posting.refused.slice(0, 5).map((r) => `#${r.index} ${r.status} ${r.code ?? ''}`).join('; ')}`);
  return { posting, disruptions: await schedule.done() };
}

/** Compare the journal, entry by entry, with what the simulator holds. */
async function accountFor(o: ChaosOptions, stack: ChaosStack, posting: PostingReport, disruptions: DisruptionLog[]): Promise<Accounting> {
  await stack.simControl.waitUp();
  return account({
    posted: o.count,
    rows: await rowsOf(stack, [...posting.accepted.values()]),
    refused: posting.refused.length,
    gaveUp: posting.gaveUp.length,
    journalCounts: await stack.journal.countByStatus(),
    sim: await stack.simControl.stats(),
    exchanges: await stack.simControl.exchanges(),
    failedDisruptions: disruptions.filter((d) => !d.ok).length,
  });
}

/** The journal's hops of the first lost entries, for whoever investigates. */
async function explainLost(stack: ChaosStack, a: Accounting): Promise<void> {
  for (const { id } of a.lostSamples.slice(0, 3)) {
    const hops = await stack.journal.getHistory(id).catch(() => []);
    say(`hops of lost ${id}:`);
    for (const h of hops) say(`  ${h.at}  ${h.event} (${h.status}, attempt ${h.attempt}, ${h.outcome}${h.code ? `, ${h.code}` : ''})${h.detail ? `: ${h.detail}` : ''}`);
  }
}

/** Post, disrupt, settle, account, print. Resolves the exit code. */
async function exercise(o: ChaosOptions, stack: ChaosStack, started: number): Promise<number> {
  const { posting, disruptions } = await postAndDisrupt(o, stack);
  say('waiting for every accepted entry to be delivered or parked');
  const settled = await waitForSettling(stack.journal, {
    accepted: posting.accepted.size,
    timeoutMs: o.timeoutS * 1000,
    onPoll: throttled(10_000, (c: Partial<Record<MessageStatus, number>>) => say(`journal: ${countsText(c)}`)),
  });
  const accounting = await accountFor(o, stack, posting, disruptions);
  const facts: RunFacts = {
    runId: stack.runId, options: o, disruptions, settleReason: settled.reason, intakeRetries: posting.retries,
    postingMs: posting.elapsedMs, settlingMs: settled.elapsedMs, totalMs: Date.now() - started,
  };
  process.stdout.write(renderReport(accounting, facts));
  if (o.json) process.stdout.write(summaryJson(accounting, facts) + '\n');
  if (accounting.verdict === 'fail') {
    await explainLost(stack, accounting);
    stack.keepFiles();
    say(`logs and configuration kept in ${stack.dir}`);
  }
  return accounting.verdict === 'pass' ? 0 : 1;
}

async function main(): Promise<number> {
  const parsed = parseOptions(process.argv);
  if (parsed === undefined) return 0;
  if ('usage' in parsed) {
    process.stderr.write(parsed.usage);
    return 2;
  }
  const started = Date.now();
  const cleanup = createCleanup();
  cleanup.onSignals();
  let stack: ChaosStack;
  try {
    say('setting up: vhost, journal, SIR simulator, intake and workers');
    stack = await setUp(parsed, cleanup);
  } catch (e) {
    say(`setup failed: ${e instanceof Error ? e.message : String(e)}`);
    await cleanup.run();
    return 2;
  }
  try {
    say(`run ${stack.runId} ready in ${((Date.now() - started) / 1000).toFixed(1)} s (files in ${stack.dir})`);
    return await exercise(parsed, stack, started);
  } catch (e) {
    stack.keepFiles();
    say(`the run failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    say(`logs and configuration kept in ${stack.dir}`);
    return 2;
  } finally {
    await cleanup.run();
  }
}

// Exit once stdout has taken everything written before: the report must reach a pipe whole.
main().then(
  (code) => void process.stdout.write('', () => process.exit(code)),
  (e: unknown) => {
    process.stderr.write(`chaos: ${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(2);
  },
);
