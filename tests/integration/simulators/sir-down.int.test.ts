import http from 'node:http';
import { once } from 'node:events';
import type { Socket } from 'node:net';
import { startSirSimulator } from '../../../simulators/sir';
import { clientFor, eventually, origin, postFaults, refused, send } from './sir-helpers';

describe('SIR simulator down (real HTTP)', () => {
  it('answers the POST, refuses every connection, drops keep-alive ones, and comes back by itself', async () => {
    const sim = await startSirSimulator({ port: 0 });
    const agent = new http.Agent({ keepAlive: true });
    try {
      // A keep-alive connection left idle in the agent's pool, as clients keep them.
      const idle = await new Promise<Socket>((resolve, reject) => {
        const req = http.get(`${origin(sim)}/_sim/stats`, { agent }, (res) => {
          res.resume();
          res.on('end', () => resolve(req.socket!));
        });
        req.on('error', reject);
      });
      const closed = once(idle, 'close');
      const answer = await postFaults(sim, '{"down": true, "downForMs": 1500}');
      expect(answer).toMatchObject({ status: 200, json: { down: true, downForMs: 1500 } });
      await closed;
      expect(await refused(sim)).toBe(true);
      const client = await clientFor(sim);
      expect(await send(client, 'O00012345_24_00000201')).toEqual({ error: expect.objectContaining({ code: 'ECONNREFUSED' }) });
      await eventually(async () => !(await refused(sim)));
      expect(sim.faults()).toMatchObject({ down: false });
      expect(await send(client, 'O00012345_24_00000202')).toEqual({ codigo: '00', descripcion: 'Exito' });
    } finally {
      agent.destroy();
      await sim.stop();
    }
  });

  it('listens again at once when the faults are set with down false, on the same port', async () => {
    const sim = await startSirSimulator({ port: 0 });
    try {
      await sim.setFaults({ down: true, downForMs: 600_000 });
      expect(await refused(sim)).toBe(true);
      await sim.setFaults({ down: false });
      expect(await refused(sim)).toBe(false);
      expect(await (await fetch(`${origin(sim)}/_sim/faults`)).json()).toMatchObject({ down: false });
    } finally {
      await sim.stop();
    }
  });

  it('stops while down without waiting for the re-listen', async () => {
    const sim = await startSirSimulator({ port: 0, faults: { down: true, downForMs: 600_000 } });
    expect(await refused(sim)).toBe(true);
    await sim.stop();
    expect(await refused(sim)).toBe(true);
  });
});
