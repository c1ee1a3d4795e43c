import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { hashApiKey } from '../../src/intake/api-keys';
import { createJournal } from '../../src/journal';
import { createTestVhost } from '../helpers/rabbit';
import { pasarela as run } from '../helpers/cli';

const pasarela = (args: string[], env: Record<string, string> = {}, timeout?: number) => run(args, env, { timeout });

describe('the pasarela command', () => {
  let tmp: string;
  let db: string;
  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'pasarela-cli-'));
    db = `sqlite:${path.join(tmp, 'journal.db')}`;
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('config check accepts the embedded defaults and lists the routes', async () => {
    const r = await pasarela(['config', 'check']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Configuration is valid.');
    expect(r.stdout).toContain('registry-entry-to-sir');
    expect(r.stdout).not.toContain('guest:guest');
  });

  it('config check exits non-zero naming the bad path', async () => {
    const r = await pasarela(['config', 'check'], { PASARELA_PORT: '70000' });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain('config/http/port');
  });

  it('keys create prints the key once on stdout and stores only its hash', async () => {
    const r = await pasarela(['keys', 'create', '--tenant', 'L02000023', '--name', 'test'], { PASARELA_DB_URL: db });
    expect(r.code).toBe(0);
    const key = r.stdout.trim();
    expect(key).toMatch(/^psk_[A-Za-z0-9_-]{43}$/);
    expect(r.stderr).toContain('not shown again');
    const journal = createJournal(db);
    const row = await journal.findApiKeyByHash(hashApiKey(key));
    await journal.close();
    expect(row).toMatchObject({ tenant: 'L02000023', name: 'test' });
  });

  it('keys create refuses a tenant that is not configured', async () => {
    const r = await pasarela(['keys', 'create', '--tenant', 'L09999999', '--name', 'x'], { PASARELA_DB_URL: db });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('L09999999 is not in the configuration');
  });

  it('keys list shows keys without secrets, and keys revoke revokes', async () => {
    const created = await pasarela(['keys', 'create', '--tenant', 'L02000023', '--name', 'to-revoke', '--json'], { PASARELA_DB_URL: db });
    const { id, key } = JSON.parse(created.stdout);
    const listed = await pasarela(['keys', 'list'], { PASARELA_DB_URL: db });
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).not.toContain(key);
    expect((await pasarela(['keys', 'revoke', id], { PASARELA_DB_URL: db })).code).toBe(0);
    expect((await pasarela(['keys', 'list'], { PASARELA_DB_URL: db })).stdout).toMatch(new RegExp(`${id}.*REVOKED`));
  });

  it('serve refuses an unknown role', async () => {
    const r = await pasarela(['serve', '--role', 'everything']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--role must be one of intake, worker, all');
  });

  it('demo runs the whole path on real parts and exits 0 once three entries are delivered, the example notification is closed and the example expediente reaches Carpeta', async () => {
    const vhost = await createTestVhost();
    try {
      const r = await pasarela(['demo'], { PASARELA_AMQP_URL: vhost.url, PASARELA_DB_URL: `sqlite:${path.join(tmp, 'demo.db')}`, PASARELA_PORT: '0' });
      expect(r.stdout).toContain('All 3 entries delivered to SIR');
      expect(r.stdout.match(/delivered\s+attempt 1/g)).toHaveLength(3);
      // One entry in each of the formats municipal systems use.
      for (const format of ['canonical-json', 'sicres3-xml', 'registro-csv']) expect(r.stdout).toContain(`(${format}) -> 202`);
      // Then the canonical example notification, through Notific@ to a final state for both recipients.
      expect(r.stdout).toContain('POST /v1/notifications');
      expect(r.stdout).toMatch(/Notification closed in Notific@: \w+ notificada \(certificate kept\), \w+ notificada \(certificate kept\)/);
      // And the example expediente change, projected, pulled and pushed to Carpeta Ciudadana.
      expect(r.stdout).toContain('POST /v1/expedientes/ES_L02000023_2026_EXP_SUB2026000457/status -> 202');
      expect(r.stdout).toContain("Expediente projected, answered to Carpeta's query and pushed to Carpeta.");
      expect(r.code).toBe(0);
    } finally {
      await vhost.delete();
    }
  });

  it('demo exits 1 with a clear message when RabbitMQ is not reachable', async () => {
    const r = await pasarela(['demo'], { PASARELA_AMQP_URL: 'amqp://guest:guest@127.0.0.1:1', PASARELA_DB_URL: `sqlite:${path.join(tmp, 'demo2.db')}` });
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('RabbitMQ is not reachable at amqp://guest:***@127.0.0.1:1');
  });
});
