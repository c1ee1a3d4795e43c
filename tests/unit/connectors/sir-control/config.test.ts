import { createSirControlConnector } from '../../../../src/connectors/sir-control';
import { silentLogger } from '../../../../src/observability/logger';

const ack = { originOffice: 'O00009001', destinationOffice: 'O00012345', exchangeId: 'O00012345_26_00000001', type: '01' as const, testIndicator: '0' as const };
const delivery = { signal: new AbortController().signal, attempt: 1, idempotencyKey: 'm1', route: 'sir-control-to-sir', logger: silentLogger() };

describe('the sir-control connector\'s configuration', () => {
  it('starts with no block at all, and then parks each delivery as CONFIG_INVALID (not retried)', async () => {
    const c = createSirControlConnector();
    await c.init({ config: {}, logger: silentLogger() });
    await expect(c.deliver(ack, delivery)).rejects.toMatchObject({ code: 'CONFIG_INVALID', retryable: false });
    expect(await c.check!()).toBe(false);
    await c.close();
  });

  it('refuses at start-up a block that is there but not whole', async () => {
    const c = createSirControlConnector();
    await expect(c.init({ config: { timeoutMs: 1000 }, logger: silentLogger() })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
    await expect(c.init({ config: { endpoint: 'ftp://x', timeoutMs: 1000 }, logger: silentLogger() })).rejects.toMatchObject({ code: 'CONFIG_INVALID' });
  });

  it('accepts the sir block as it is (a WS_SIR6_B endpoint, ACK settings included)', async () => {
    const c = createSirControlConnector();
    await c.init({ config: { endpoint: 'http://127.0.0.1:9/CIR_P2P/services/WS_SIR6_B', timeoutMs: 1000, ackTimeoutMs: 5000, maxResends: 1 }, logger: silentLogger() });
    await c.close();
  });
});
