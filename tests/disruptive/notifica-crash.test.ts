import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { projectPath } from '../../src/core/paths';
import { generateApiKey } from '../../src/intake/api-keys';
import { createJournal } from '../../src/journal';
import type { Journal } from '../../src/journal/journal';
import { silentLogger } from '../../src/observability/logger';
import { startSirSimulator, type SirSimulator } from '../../simulators/sir';
import { startNotificaSimulator, type NotificaSimulator } from '../../simulators/notifica';
import { oneRecipient } from '../helpers/notifications';
import { createTestVhost, type TestVhost } from '../helpers/rabbit';
import { waitFor } from '../helpers/stack';
import { servePasarela, writeServeConfig } from '../helpers/process';

const NOTIFICATIONS = 20;
const API_KEY = `crash-${process.pid}-notifica-key`;

describe('notifications whose pasarela is killed with -9 mid-submission (pasarela as its own process, real RabbitMQ, journal, Notific@ simulator)', () => {
  let vhost: TestVhost;
  let sir: SirSimulator;
  let notifica: NotificaSimulator;
  let tmp: string;
  let journal: Journal;
  const running: ChildProcess[] = [];

  beforeAll(async () => {
    expect(existsSync(projectPath('dist', 'src', 'cli', 'main.js'))).toBe(true);
    vhost = await createTestVhost();
    sir = await startSirSimulator({ port: 0, logger: silentLogger() });
    // Notific@ makes the envíos and never answers: the process dies with those answers outstanding.
    notifica = await startNotificaSimulator({ port: 0, logger: silentLogger(), apiKeys: [API_KEY], stepDelayMs: [100, 200], faults: { timeoutRate: 1 } });
    tmp = mkdtempSync(path.join(os.tmpdir(), 'pasarela-notifica-crash-'));
  });
  afterAll(async () => {
    for (const child of running) child.kill('SIGKILL');
    await journal?.close();
    await notifica?.stop();
    await sir?.stop();
    await vhost?.delete();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  it('submits each envío once and brings every notification to its final state after the restart', async () => {
    const keyFile = path.join(tmp, 'notifica.apikey');
    writeFileSync(keyFile, API_KEY + '\n');
    const { url, dbUrl, configFile } = await writeServeConfig(tmp, {
      amqpUrl: vhost.url, simUrl: sir.url, sirTimeoutMs: 2000,
      extra: {
        connectors: {
          sir: { endpoint: sir.url, timeoutMs: 2000, wssec: { sign: false } },
          // Callbacks lost while the process is down are caught up by polling.
          notifica: { endpoint: notifica.notificaWsUrl, syncEndpoint: notifica.sincronizarEnvioWsUrl, timeoutMs: 10_000, apiKeyFile: keyFile, polling: { quietAfterMs: 1000, intervalMs: 500 } },
        },
      },
    });
    notifica.setCallbackUrl(`${url}/notifica/AdviserWsV2`);
    running.push(servePasarela(configFile).child);
    await waitFor(() => fetch(`${url}/readyz`).then((r) => r.status, () => 0), (s) => s === 200, 30_000);
    journal = createJournal(dbUrl, { logger: silentLogger() });
    const key = generateApiKey();
    await journal.createApiKey({ tenant: 'L02000023', name: 'notifica-crash', hash: key.hash, prefix: key.prefix });

    const ids: string[] = [];
    for (let i = 0; i < NOTIFICATIONS; i++) {
      const res = await fetch(`${url}/v1/notifications`, {
        method: 'POST', headers: { authorization: `Bearer ${key.key}`, 'content-type': 'application/json' }, body: JSON.stringify(oneRecipient(`Notificación ${i + 1} antes del corte`)),
      });
      expect(res.status).toBe(202);
      ids.push(((await res.json()) as { id: string }).id);
    }
    // Kill while remesas are made at Notific@ and their answers outstanding (a worker's prefetch of them).
    await waitFor(async () => notifica.stats().received, (n) => n >= 3, 30_000);
    running[0].kill('SIGKILL');
    await new Promise((resolve) => running[0].once('exit', resolve));
    const cut = notifica.stats().received;
    expect(cut).toBeGreaterThanOrEqual(3);
    expect(cut).toBeLessThan(NOTIFICATIONS);
    await notifica.setFaults({});

    running.push(servePasarela(configFile).child);
    for (const id of ids) {
      const envios = await waitFor(() => journal.notifica.enviosOf(id), (es) => es.length === 1 && es[0].final, 120_000);
      expect(envios).toHaveLength(1);
      expect(envios[0].state).toBe('notificada');
      const history = await journal.getHistory(id);
      expect(history.filter((h) => h.event === 'notifica-submitted')).toHaveLength(1);
      expect(history.filter((h) => h.event === 'notification-closed')).toHaveLength(1);
    }
    const found = (await Promise.all(ids.map((id) => journal.getHistory(id)))).filter((h) => h.some((x) => x.event === 'delivered' && String(x.detail).includes('found by referenciaEmisor'))).length;
    // Every envío made before the kill was found again by the next process instead of being made twice.
    expect(found).toBe(cut);
    // One envío per notification at Notific@: none made twice, by the retries after the kill or otherwise.
    expect(notifica.stats()).toMatchObject({ received: NOTIFICATIONS, unique: NOTIFICATIONS, duplicates: 0 });
  });
});
