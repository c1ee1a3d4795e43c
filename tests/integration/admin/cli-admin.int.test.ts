import { admin, parkEntries } from '../../helpers/admin';
import { pasarela } from '../../helpers/cli';
import { startStack, type TestStack } from '../../helpers/stack';

/**
 * The operator's command line against a running pasarela (real broker, journal, SIR simulator):
 * tokens made with `pasarela operators create` on the same journal, then every admin command.
 */
describe('the operator commands of the pasarela CLI', () => {
  let stack: TestStack;
  let env: Record<string, string>;
  let viewerEnv: Record<string, string>;

  async function operatorToken(role: string): Promise<string> {
    const made = await pasarela(['operators', 'create', '--name', `cli-${role}`, '--role', role], { PASARELA_DB_URL: stack.config.journal.url });
    expect(made.code).toBe(0);
    expect(made.stderr).toContain('not shown again');
    return made.stdout.trim();
  }

  beforeAll(async () => {
    stack = await startStack();
    const token = await operatorToken('operator');
    expect(token).toMatch(/^pso_[A-Za-z0-9_-]{43}$/);
    env = { PASARELA_ADMIN_URL: stack.url, PASARELA_OPERATOR_TOKEN: token };
    viewerEnv = { PASARELA_ADMIN_URL: stack.url, PASARELA_OPERATOR_TOKEN: await operatorToken('viewer') };
  });
  afterAll(() => stack.stop());

  it('refuses an unknown role for a new operator', async () => {
    const r = await pasarela(['operators', 'create', '--name', 'x', '--role', 'root'], { PASARELA_DB_URL: stack.config.journal.url });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('viewer, operator, admin');
  });

  it('lists parked messages as a table and as JSON, and shows one message with its history and evidence', async () => {
    const [id] = await parkEntries(stack, env.PASARELA_OPERATOR_TOKEN, 1);
    const table = await pasarela(['messages', 'list', '--status', 'parked'], env);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/ID\s+TENANT\s+TYPE\s+ROUTE\s+STATUS/);
    expect(table.stdout).toContain(id);
    const json = JSON.parse((await pasarela(['messages', 'list', '--status', 'parked', '--json'], env)).stdout);
    expect(json.items.map((m: any) => m.id)).toContain(id);
    const show = await pasarela(['messages', 'show', id], env);
    expect(show.code).toBe(0);
    expect(show.stdout).toContain('History');
    expect(show.stdout).toContain('SIR_REJECTED');
    const failures = await pasarela(['failures'], env);
    expect(failures.stdout).toMatch(/registry-entry-to-sir\s+SIR_REJECTED\s+\d+/);
  });

  it('replays one message, refuses a viewer, and discards another with a reason', async () => {
    const [first, second] = await parkEntries(stack, env.PASARELA_OPERATOR_TOKEN, 2);
    const refused = await pasarela(['replay', first], viewerEnv);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('403 ADMIN_FORBIDDEN_ROLE');
    const replayed = await pasarela(['replay', first, '--reason', 'SIR back'], env);
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toMatch(new RegExp(`^Replayed ${first} as [0-9a-f-]{36} \\((queued|received)\\)`));
    const discarded = await pasarela(['discard', second, '--reason', 'sent on paper'], env);
    expect(discarded).toMatchObject({ code: 0, stdout: `Discarded ${second}\n` });
    expect((await admin(stack, env.PASARELA_OPERATOR_TOKEN, 'GET', `/admin/v1/messages/${second}`)).body.status).toBe('discarded');
  });

  it('dry-runs a bulk replay, then runs it to completion with a progress bar', async () => {
    const from = new Date().toISOString();
    await parkEntries(stack, env.PASARELA_OPERATOR_TOKEN, 3);
    // Only this test's entries: earlier tests left one parked.
    const filter = `status=parked,route=registry-entry-to-sir,from=${from}`;
    const dry = await pasarela(['replay', '--filter', filter, '--dry-run'], env);
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain('Would replay 3 message(s)');
    const run = await pasarela(['replay', '--filter', filter, '--rate', '50'], env);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Replay [0-9a-f-]{36} completed: replayed 3, skipped 0, failed 0 of 3/);
    expect(run.stderr).toMatch(/\[#+\] 100% 3\/3/);
    const jobId = /Replay ([0-9a-f-]{36}) completed/.exec(run.stdout)![1];
    const items = await pasarela(['replays', 'items', jobId, '--state', 'replayed'], env);
    expect(items.code).toBe(0);
    expect(items.stdout.trimEnd().split('\n').slice(1).map((l) => l.split(/\s+/)[2])).toEqual(['replayed', 'replayed', 'replayed']);
    const left = await admin(stack, env.PASARELA_OPERATOR_TOKEN, 'GET', `/admin/v1/messages?status=parked&from=${encodeURIComponent(from)}`);
    expect(left.body.items).toEqual([]);
  });

  it('refuses a filter with an unknown field before calling the API', async () => {
    const r = await pasarela(['replay', '--filter', 'stauts=parked'], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('stauts');
  });

  it('shows the audit of what the operators did', async () => {
    const audit = await pasarela(['audit'], env);
    expect(audit.code).toBe(0);
    for (const action of ['replay', 'discard', 'bulk-replay']) expect(audit.stdout).toContain(action);
    expect(audit.stdout).toContain('cli-operator');
    const json = JSON.parse((await pasarela(['audit', '--json', '--action', 'discard'], env)).stdout);
    expect(json.items).toEqual([expect.objectContaining({ action: 'discard', reason: 'sent on paper' })]);
  });

  it('says clearly when no token is given', async () => {
    const r = await pasarela(['failures'], { PASARELA_ADMIN_URL: stack.url, PASARELA_OPERATOR_TOKEN: '' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('an operator token is required');
  });
});
