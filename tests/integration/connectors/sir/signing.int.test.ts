import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createSirConnector, createSirControlClient } from '../../../../src/connectors/sir';
import type { SirConfig } from '../../../../src/connectors/sir/config';
import { ensureDevCertificate } from '../../../../src/connectors/sir/dev-cert';
import { isPasarelaError, type PasarelaError } from '../../../../src/core/errors';
import type { Connector, DeliveryContext } from '../../../../src/core/plugin';
import { silentLogger } from '../../../../src/observability/logger';
import { createTrustStore } from '../../../../src/wssec/trust';
import { startSirSimulator, type SirSimulator } from '../../../../simulators/sir';
import { registryEntryToSicres3, type SicresFichero } from '../../../../transforms/registry-entry-to-sicres3';
import { codeOf } from '../../../helpers/errors';
import { exampleEntry, getMessage, post, startStack, waitFor } from '../../../helpers/stack';
import { envelopeOf, minimalEntry } from '../../../fixtures/sir/registry-entries';

const logger = silentLogger();
const ctx = (): DeliveryContext => ({ signal: new AbortController().signal, attempt: 1, idempotencyKey: 'm', route: 'registry-entry-to-sir', logger });
const fichero = (id: string): SicresFichero => registryEntryToSicres3.apply(envelopeOf(minimalEntry(id)));
const ack = (exchangeId: string) =>
  ({ originOffice: 'O00067890', destinationOffice: 'O00012345', testIndicator: '1', exchangeId, type: '01', description: 'ACK' }) as const;

async function failureOf(p: Promise<unknown>): Promise<PasarelaError> {
  try {
    await p;
  } catch (e) {
    if (isPasarelaError(e)) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('the SIR endpoints sign by default', () => {
  let dir: string;
  let keys: { keyFile: string; certFile: string };
  let sim: SirSimulator;
  const open: { close(): Promise<void> }[] = [];
  const connector = async (config: SirConfig): Promise<Connector<SirConfig, SicresFichero>> => {
    const c = createSirConnector();
    await c.init({ config, logger });
    open.push(c);
    return c;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'pasarela-sir-signing-'));
    keys = ensureDevCertificate({ dir });
    // A SIR that takes only what this very certificate signed.
    sim = await startSirSimulator({ port: 0, logger, requireSignature: createTrustStore({ pinned: [readFileSync(keys.certFile, 'utf8')] }) });
  });
  afterAll(async () => {
    for (const c of open) await c.close();
    await sim?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers a fichero that a signature-checking SIR accepts when wssec names only the key', async () => {
    const sir = await connector({ endpoint: sim.url, timeoutMs: 5000, wssec: { keyFile: keys.keyFile, certFile: keys.certFile } });
    expect((await sir.deliver(fichero('O00012345_26_00000201'), ctx())).code).toBe('00');
    expect(sim.received()).toContain('O00012345_26_00000201');
  });

  it('signs control messages to WS_SIR7 the same way', async () => {
    const client = await createSirControlClient({ endpoint: sim.controlUrl, timeoutMs: 5000, wssec: { keyFile: keys.keyFile, certFile: keys.certFile } });
    open.push(client);
    await expect(client.send(ack('O00012345_26_00000202'))).resolves.toMatchObject({ code: '00' });
    expect(sim.controlMessages().map((m) => m.exchangeId)).toContain('O00012345_26_00000202');
  });

  it('sends unsigned with sign: false, and that SIR refuses it for good', async () => {
    const sir = await connector({ endpoint: sim.url, timeoutMs: 5000, wssec: { sign: false } });
    expect(await codeOf(sir.deliver(fichero('O00012345_26_00000203'), ctx()))).toBe('CONNECTOR_CLIENT_FAULT');
    expect(sim.received()).not.toContain('O00012345_26_00000203');
  });

  it('will not start without a key while signing is on, and says what to set', async () => {
    const e = await failureOf(createSirConnector().init({ config: { endpoint: sim.url, timeoutMs: 5000 }, logger }));
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toMatch(/connectors\.sir\.wssec\.keyFile and connectors\.sir\.wssec\.certFile.*p12File.*sign: false/s);
    const control = await failureOf(createSirControlClient({ endpoint: sim.controlUrl, timeoutMs: 5000, wssec: { sign: true } }));
    expect(control.code).toBe('CONFIG_INVALID');
  });
});

describe('pasarela on its defaults', () => {
  it('delivers an entry, signed, to a SIR that requires signatures', async () => {
    const stack = await startStack();
    try {
      const { status, body } = await post(stack, exampleEntry());
      expect(status).toBe(202);
      const view = await waitFor(() => getMessage(stack, body.id), (m) => m.body.status === 'delivered');
      expect(view.body.status).toBe('delivered');
      expect(stack.sim.received()).toHaveLength(1);
    } finally {
      await stack.stop();
    }
  });

  it('refuses to start, with CONFIG_INVALID naming what to set, when signing is on and no key is configured', async () => {
    const noKey = startStack({
      configure: (config) => {
        const wssec = (config.connectors.sir as unknown as SirConfig).wssec!;
        delete wssec.keyFile;
        delete wssec.certFile;
      },
    });
    const e = await failureOf(noKey);
    expect(e.code).toBe('CONFIG_INVALID');
    expect(e.message).toContain('set connectors.sir.wssec.sign: false to send unsigned requests');
  });
});
