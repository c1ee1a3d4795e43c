import { readFileSync } from 'node:fs';
import { createEnvelope, type Envelope } from '../../../src/core/envelope';
import { Errors, PasarelaError } from '../../../src/core/errors';
import { projectPath } from '../../../src/core/paths';
import type { Connector, Receipt, RouteDefinition } from '../../../src/core/plugin';
import type { RegistryEntry } from '../../../src/core/registry-entry';
import { createSchemaRegistry } from '../../../src/core/schemas';
import { createJournal } from '../../../src/journal';
import type { Journal } from '../../../src/journal/journal';
import { silentLogger } from '../../../src/observability/logger';
import { createRouteWorker } from '../../../src/pipeline/run-route';
import { transforms } from '../../../transforms';
import { MemoryBus } from '../../helpers/memory-bus';

const route: RouteDefinition = {
  name: 'registry-entry-to-sir', from: { type: 'registry-entry' }, transform: 'registry-entry-to-sicres3',
  to: { connector: 'scripted' }, retry: { attempts: 3, initialDelayMs: 1, maxDelayMs: 2 }, prefetch: 1, onExhausted: 'park', file: 'test',
  breaker: { failureThreshold: 100, probeInitialMs: 10, probeMaxMs: 20 }, deliveryLimit: 50,
};

/** A connector that answers from a script: a receipt, or an error to throw. */
function scriptedConnector(script: (Receipt | Error)[]) {
  const calls: string[] = [];
  const connector: Connector = {
    name: 'scripted', accepts: ['sir-fichero'], configSchema: {}, init: async () => undefined, close: async () => undefined,
    async deliver(payload) {
      calls.push((payload as { exchangeId: string }).exchangeId);
      const next = script.shift() ?? { code: '00' };
      if (next instanceof Error) throw next;
      return next;
    },
  };
  return { connector, calls };
}

function entryEnvelope(): Envelope<RegistryEntry> {
  const payload = JSON.parse(readFileSync(projectPath('schemas', 'canonical', 'examples', 'registry-entry.json'), 'utf8'));
  payload.control.exchangeId = 'O00009001_26_00000001';
  return createEnvelope({ type: 'registry-entry', schemaVersion: 1, tenant: 'L02000023', source: { system: 't', adapter: 'canonical-json@1.0.0' }, payload });
}

describe('the route worker', () => {
  let journal: Journal;
  let bus: MemoryBus;
  const schemas = createSchemaRegistry();

  beforeEach(async () => {
    journal = createJournal('sqlite::memory:');
    await journal.migrate();
    bus = new MemoryBus();
  });
  afterEach(async () => {
    await journal.close();
  });

  /** Run the queue dry, letting every copy on the retry ladder come back at once. */
  async function settle(): Promise<void> {
    await bus.idle();
    while (bus.retrying.length) {
      bus.flushRetries();
      await bus.idle();
    }
  }

  async function run(script: (Receipt | Error)[], envelope = entryEnvelope(), journaled = true) {
    const { connector, calls } = scriptedConnector(script);
    if (journaled) await journal.insertMessage({ envelope, route: route.name, exchangeId: envelope.payload.control.exchangeId });
    const worker = createRouteWorker({
      route, transform: transforms[route.transform], connector, journal, bus, schemas, logger: silentLogger(), deliveryTimeoutMs: 1000,
    });
    await worker.start();
    await bus.publish(envelope);
    await settle();
    const row = await journal.getMessage(envelope.id);
    const events = journaled ? (await journal.getHistory(envelope.id)).map((h) => h.event) : [];
    return { calls, row, events, envelope, worker };
  }

  it('delivers, records delivered with the destination code, then acks', async () => {
    const { calls, row, events } = await run([{ code: '00', description: 'Exito' }]);
    expect(calls).toEqual(['O00009001_26_00000001']);
    expect(row?.status).toBe('delivered');
    expect(events).toEqual(['received', 'delivering', 'delivered']);
    expect(bus.acked).toHaveLength(1);
  });

  it('retries a retryable failure with the same exchange id and then delivers', async () => {
    const { calls, row, events } = await run([new PasarelaError(Errors.CONNECTOR_UNREACHABLE), { code: '00' }]);
    expect(calls).toEqual(['O00009001_26_00000001', 'O00009001_26_00000001']);
    expect(row).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(events).toEqual(['received', 'delivering', 'retry-scheduled', 'delivering', 'delivered']);
  });

  it('sends a retry through the ladder carrying the attempt count, and acks the original', async () => {
    const { connector } = scriptedConnector([new PasarelaError(Errors.CONNECTOR_TIMEOUT), { code: '00' }]);
    const envelope = entryEnvelope();
    await journal.insertMessage({ envelope, route: route.name });
    // A wait no test outlasts: the copy stays on the ladder until settle() lets it back, however slow the machine.
    const slowLadder = { ...route, retry: { ...route.retry, initialDelayMs: 600_000, maxDelayMs: 600_000 } };
    const worker = createRouteWorker({ route: slowLadder, transform: transforms[route.transform], connector, journal, bus, schemas, logger: silentLogger(), deliveryTimeoutMs: 1000 });
    await worker.start();
    await bus.publish(envelope);
    await bus.idle();
    expect(bus.retrying).toHaveLength(1);
    expect(bus.retrying[0]).toMatchObject({ level: 1, headers: { 'x-pasarela-attempts': 1 } });
    expect(bus.acked).toHaveLength(1);
    await settle();
    expect(await journal.getMessage(envelope.id)).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('parks the message with its evidence after the last retryable attempt', async () => {
    const fault = () => new PasarelaError(Errors.SIR_TRANSIENT, 'destination unreachable', { details: { sirCode: '0039', sirDescription: 'No se puede alcanzar' } });
    const { calls, row, envelope } = await run([fault(), fault(), fault(), fault()]);
    expect(calls).toHaveLength(3);
    expect(row).toMatchObject({ status: 'parked', attempts: 3 });
    const last = (await journal.getHistory(row!.id)).at(-1);
    expect(last).toMatchObject({ event: 'parked', code: 'SIR_TRANSIENT', attempt: 3 });
    const [evidence] = await journal.getParked(envelope.id);
    expect(evidence).toMatchObject({ attempts: 3, code: 'SIR_TRANSIENT', bodyEncoding: 'json' });
    expect(JSON.parse(evidence.lastResponse!)).toMatchObject({ sirCode: '0039' });
    // The original and the two retry copies, each acked once its successor was durable.
    expect(bus.acked).toHaveLength(3);
  });

  it('parks at once a failure the connector calls permanent', async () => {
    const { calls, row } = await run([new PasarelaError(Errors.SIR_REJECTED, 'fichero refused', { details: { sirCode: '0037' } })]);
    expect(calls).toHaveLength(1);
    expect(row).toMatchObject({ status: 'parked', attempts: 1 });
  });

  it('parks a message its transform cannot handle without calling the connector', async () => {
    const envelope = entryEnvelope();
    (envelope.payload as any).control.exchangeId = undefined;
    const { calls, row } = await run([], envelope);
    expect(calls).toHaveLength(0);
    expect(row?.status).toBe('parked');
    expect((await journal.getHistory(envelope.id)).at(-1)).toMatchObject({ event: 'parked', code: 'TRANSFORM_FAILED' });
  });

  it('acks a redelivered message that was already delivered without sending it again', async () => {
    const first = await run([{ code: '00' }]);
    bus.push(Buffer.from(JSON.stringify(first.envelope)), 1);
    await bus.idle();
    expect(first.calls).toHaveLength(1);
    expect(bus.acked).toHaveLength(2);
  });

  it.each(['rejected', 'parked'] as const)('never sends a %s message again when it is redelivered', async (status) => {
    const envelope = entryEnvelope();
    await journal.insertMessage({ envelope, route: route.name });
    await journal.transition(envelope.id, status, { event: status, outcome: 'error', code: 'X' });
    const { connector, calls } = scriptedConnector([]);
    const worker = createRouteWorker({ route, transform: transforms[route.transform], connector, journal, bus, schemas, logger: silentLogger(), deliveryTimeoutMs: 1000 });
    await worker.start();
    await bus.publish(envelope);
    await bus.idle();
    expect(calls).toHaveLength(0);
    expect(bus.acked).toHaveLength(1);
    expect((await journal.getMessage(envelope.id))?.status).toBe(status);
  });

  it('does not ack, and does not mark failed, a delivery whose outcome could not be recorded', async () => {
    const envelope = entryEnvelope();
    await journal.insertMessage({ envelope, route: route.name });
    const transition: Journal['transition'] = async (id, status, hop, opts) => {
      if (status === 'delivered') throw new PasarelaError(Errors.JOURNAL_UNAVAILABLE, 'journal down');
      return journal.transition(id, status, hop, opts);
    };
    // The real journal, except that recording `delivered` fails.
    const flaky = new Proxy(journal, {
      get: (target, key) => (key === 'transition' ? transition : (target as any)[key].bind(target)),
    });
    const { connector, calls } = scriptedConnector([{ code: '00' }]);
    const worker = createRouteWorker({ route, transform: transforms[route.transform], connector, journal: flaky, bus, schemas, logger: silentLogger(), deliveryTimeoutMs: 1000 });
    const handled: Promise<void>[] = [];
    const consume = bus.consume.bind(bus);
    bus.consume = (r, p, h) => consume(r, p, (d) => {
      const run = h(d);
      handled.push(run.catch(() => undefined));
      return run.catch(() => undefined);
    });
    await worker.start();
    await bus.publish(envelope);
    await bus.idle();
    await Promise.all(handled);
    expect(calls).toHaveLength(1);
    expect(bus.acked).toHaveLength(0);
    expect((await journal.getMessage(envelope.id))?.status).toBe('delivering');
  });

  it('counts attempts from the header, so redeliveries that were not attempts do not use up retries', async () => {
    const envelope = entryEnvelope();
    await journal.insertMessage({ envelope, route: route.name });
    const { connector, calls } = scriptedConnector([{ code: '00' }]);
    const worker = createRouteWorker({ route, transform: transforms[route.transform], connector, journal, bus, schemas, logger: silentLogger(), deliveryTimeoutMs: 1000 });
    await worker.start();
    bus.push(Buffer.from(JSON.stringify(envelope)), 7, { 'x-pasarela-attempts': 1 });
    await bus.idle();
    expect(calls).toHaveLength(1);
    expect(await journal.getMessage(envelope.id)).toMatchObject({ status: 'delivered', attempts: 2 });
  });

  it('parks a delivery that is not JSON, byte for byte, without looping or calling the connector', async () => {
    const { connector, calls } = scriptedConnector([]);
    const worker = createRouteWorker({ route, transform: transforms[route.transform], connector, journal, bus, schemas, logger: silentLogger(), deliveryTimeoutMs: 1000 });
    await worker.start();
    bus.push(Buffer.from('not json'));
    await bus.idle();
    expect(calls).toHaveLength(0);
    expect(bus.acked).toHaveLength(1);
    expect(bus.queue).toHaveLength(0);
    const [evidence] = await journal.listParked();
    expect(evidence).toMatchObject({ messageId: null, code: 'PIPELINE_POISON_MESSAGE', bodyEncoding: 'base64' });
    expect(Buffer.from(evidence.body, 'base64').toString()).toBe('not json');
  });

  it('parks, without sending, a journaled message whose envelope no longer validates', async () => {
    const envelope = entryEnvelope();
    await journal.insertMessage({ envelope, route: route.name });
    const { connector, calls } = scriptedConnector([]);
    const worker = createRouteWorker({ route, transform: transforms[route.transform], connector, journal, bus, schemas, logger: silentLogger(), deliveryTimeoutMs: 1000 });
    await worker.start();
    bus.push(Buffer.from(JSON.stringify({ ...envelope, tenant: 'not a dir3' })));
    await bus.idle();
    expect(calls).toHaveLength(0);
    const last = (await journal.getHistory(envelope.id)).at(-1);
    expect(last).toMatchObject({ event: 'parked', code: 'PIPELINE_POISON_MESSAGE' });
  });

  it('parks the evidence of a message that has no journal row (orphan), without creating one or delivering it', async () => {
    const { calls, envelope } = await run([], entryEnvelope(), false);
    expect(calls).toHaveLength(0);
    expect(bus.acked).toHaveLength(1);
    expect(await journal.getMessage(envelope.id)).toBeUndefined();
    const [evidence] = await journal.listParked();
    expect(evidence).toMatchObject({ messageId: null, code: 'PIPELINE_ORPHAN_MESSAGE', bodyEncoding: 'json' });
    expect(JSON.parse(evidence.body).id).toBe(envelope.id);
  });

  it('parks a message whose attempts were used up by workers that stopped mid-delivery', async () => {
    const envelope = entryEnvelope();
    await journal.insertMessage({ envelope, route: route.name });
    // Three claims, each cut short by a crash: the journal counts them even though no header does.
    for (let attempt = 1; attempt <= 3; attempt++) await journal.transition(envelope.id, 'delivering', { event: 'delivering', outcome: 'info', attempt });
    await journal.transition(envelope.id, 'queued', { event: 'recovered', outcome: 'info', attempt: 3 });
    const { connector, calls } = scriptedConnector([]);
    const worker = createRouteWorker({ route, transform: transforms[route.transform], connector, journal, bus, schemas, logger: silentLogger(), deliveryTimeoutMs: 1000 });
    await worker.start();
    await bus.publish(envelope);
    await bus.idle();
    expect(calls).toHaveLength(0);
    expect(await journal.getMessage(envelope.id)).toMatchObject({ status: 'parked' });
    expect((await journal.getHistory(envelope.id)).at(-1)).toMatchObject({ event: 'parked', code: 'PIPELINE_ATTEMPTS_EXHAUSTED', attempt: 4 });
  });

  it('parks an unexpected (uncoded) connector error instead of retrying it', async () => {
    const { calls, row } = await run([new TypeError('bug')]);
    expect(calls).toHaveLength(1);
    expect(row?.status).toBe('parked');
    expect((await journal.getHistory(row!.id)).at(-1)).toMatchObject({ code: 'PIPELINE_UNEXPECTED_ERROR' });
  });
});
