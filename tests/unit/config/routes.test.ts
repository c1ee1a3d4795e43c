import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadRoutes, type RouteRegistries } from '../../../src/config/routes';
import type { Connector, Transform } from '../../../src/core/plugin';

const transform: Transform = { name: 't-entry', from: 'registry-entry', to: 'fichero', apply: () => 'x' };
const connector = (): Connector => ({
  name: 'c', accepts: ['fichero'], configSchema: {}, init: async () => undefined,
  deliver: async () => ({ code: '00' }), close: async () => undefined,
});
const registries: RouteRegistries = { transforms: { 't-entry': transform }, connectors: { c: connector } };

const ROUTE = `name: entry-to-c
from: { type: registry-entry }
transform: t-entry
to: { connector: c }
retry: { attempts: 3, initialDelayMs: 100, maxDelayMs: 1000 }
onExhausted: park
`;

function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'pasarela-routes-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text);
  return dir;
}

function refusal(dir: string): Error {
  try {
    loadRoutes(dir, registries);
  } catch (e) {
    return e as Error;
  }
  throw new Error('expected the routes to be refused');
}

describe('loadRoutes', () => {
  it('reads a valid route file, with the default prefetch and the file it came from', () => {
    const dir = folderWith({ 'a.yaml': ROUTE });
    const [route] = loadRoutes(dir, registries);
    expect(route).toMatchObject({ name: 'entry-to-c', transform: 't-entry', to: { connector: 'c' }, prefetch: 8 });
    expect(route.file).toBe(path.join(dir, 'a.yaml'));
  });

  it('stops start-up on an unknown transform, naming the file', () => {
    const dir = folderWith({ 'bad.yaml': ROUTE.replace('transform: t-entry', 'transform: nope') });
    const e = refusal(dir);
    expect(e.message).toContain(path.join(dir, 'bad.yaml'));
    expect(e.message).toContain('unknown transform "nope"');
  });

  it('stops start-up on an unknown connector, naming the file', () => {
    const e = refusal(folderWith({ 'bad.yaml': ROUTE.replace('connector: c', 'connector: sirr') }));
    expect(e.message).toContain('unknown connector "sirr"');
    expect(e.message).toContain('bad.yaml');
  });

  it('refuses a transform that does not take the route\'s message type', () => {
    const e = refusal(folderWith({ 'bad.yaml': ROUTE.replace('type: registry-entry', 'type: notification') }));
    expect(e.message).toContain('takes registry-entry messages, not notification');
  });

  it('refuses schema violations and unknown keys', () => {
    const e = refusal(folderWith({ 'bad.yaml': ROUTE.replace('attempts: 3', 'attempts: 0') + 'colour: red\n' }));
    expect(e.message).toContain('route/retry/attempts');
    expect(e.message).toContain('route/colour: is not a known setting');
  });

  it('refuses two routes of the same name or for the same message type', () => {
    expect(refusal(folderWith({ 'a.yaml': ROUTE, 'b.yaml': ROUTE })).message).toMatch(/also the name of|already routed/);
  });

  it('refuses an empty routes folder and a file that is not YAML', () => {
    expect(refusal(folderWith({})).message).toContain('No route files');
    expect(refusal(folderWith({ 'a.yaml': 'name: [unclosed' })).message).toContain('not valid YAML');
  });
});
