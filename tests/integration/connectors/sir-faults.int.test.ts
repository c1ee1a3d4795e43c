import { createSirConnector } from '../../../src/connectors/sir';
import { PasarelaError } from '../../../src/core/errors';
import type { Connector, DeliveryContext } from '../../../src/core/plugin';
import { silentLogger } from '../../../src/observability/logger';
import { startSirSimulator, type SirSimulator } from '../../../simulators/sir';
import { registryEntryToSicres3, type SicresFichero } from '../../../transforms/registry-entry-to-sicres3';
import { envelopeOf, minimalEntry } from '../../fixtures/sir/registry-entries';

const logger = silentLogger();
const ctx = (): DeliveryContext => ({ signal: new AbortController().signal, attempt: 1, idempotencyKey: 'm', route: 'r', logger });
const fichero = (n: number): SicresFichero => registryEntryToSicres3.apply(envelopeOf(minimalEntry(`O00012345_24_${String(n).padStart(8, '0')}`)));

async function failureOf(p: Promise<unknown>): Promise<PasarelaError> {
  const outcome = await p.then(() => undefined, (e: unknown) => e);
  expect(outcome).toBeInstanceOf(PasarelaError);
  return outcome as PasarelaError;
}

describe('the SIR connector classifies every fault the simulator injects', () => {
  let sim: SirSimulator;
  let sir: Connector<unknown, SicresFichero>;
  let n = 0;

  beforeAll(async () => {
    sim = await startSirSimulator({ port: 0 });
    sir = createSirConnector() as Connector<unknown, SicresFichero>;
    await sir.init({ config: { endpoint: sim.url, timeoutMs: 500, wssec: { sign: false } }, logger });
  });
  afterAll(async () => {
    await sir.close();
    await sim.stop();
  });
  afterEach(async () => {
    await sim.setFaults({});
  });

  it('takes HTTP 500 and transient RespuestaWS codes as retryable', async () => {
    // The error band answers HTTP 500 in its lower half and code 0039 in its upper half.
    const codes = new Set<string>();
    await sim.setFaults({ errorRate: 1 });
    for (let i = 0; i < 20 && codes.size < 2; i++) {
      const err = await failureOf(sir.deliver(fichero(++n), ctx()));
      expect(err.retryable).toBe(true);
      codes.add(err.code);
    }
    expect([...codes].sort()).toEqual(['CONNECTOR_SERVER_ERROR', 'SIR_TRANSIENT']);
  });

  it('takes a fatal code as a refusal that no retry can fix', async () => {
    await sim.setFaults({ fatalRate: 1 });
    const err = await failureOf(sir.deliver(fichero(++n), ctx()));
    expect(err).toMatchObject({ code: 'SIR_REJECTED', retryable: false, details: { sirCode: '0037' } });
  });

  it('takes a reset connection as unreachable and retryable', async () => {
    await sim.setFaults({ resetRate: 1 });
    expect(await failureOf(sir.deliver(fichero(++n), ctx()))).toMatchObject({ code: 'CONNECTOR_UNREACHABLE', retryable: true });
  });

  it('takes a silent destination as a time-out, though SIR kept the fichero', async () => {
    await sim.setFaults({ timeoutRate: 1 });
    expect(await failureOf(sir.deliver(fichero(++n), ctx()))).toMatchObject({ code: 'CONNECTOR_TIMEOUT', retryable: true });
    expect(sim.stats().unique).toBeGreaterThanOrEqual(1);
  });

  it('takes a refused connection as unreachable, and check() says the destination is down', async () => {
    await sim.setFaults({ down: true, downForMs: 60_000 });
    expect(await failureOf(sir.deliver(fichero(++n), ctx()))).toMatchObject({ code: 'CONNECTOR_UNREACHABLE', retryable: true });
    expect(await sir.check!()).toBe(false);
    await sim.setFaults({ down: false });
    expect(await sir.check!()).toBe(true);
  });
});
