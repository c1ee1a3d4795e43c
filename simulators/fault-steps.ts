import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The steps every simulator's fault injector shares (simulators/notifica, simulators/carpeta):
 * a reset destroys the connection before any answer; every other fault but a time-out waits its
 * latency first. Resolves false when nothing more is to be done (reset, or the client gave up).
 */
export async function resetOrWait(req: IncomingMessage, kind: string, delayMs: number, onReset: () => void): Promise<boolean> {
  if (kind === 'reset') {
    onReset();
    req.socket.resetAndDestroy();
    return false;
  }
  if (kind !== 'timeout' && delayMs > 0) await sleep(delayMs);
  return !req.socket.destroyed;
}

/** Connections of timed-out requests, kept open unanswered until the client gives up or the simulator stops. */
export function heldConnections() {
  const held = new Set<Socket>();
  return {
    hold(socket: Socket): void {
      held.add(socket);
      socket.once('close', () => held.delete(socket));
    },
    releaseHeld(): void {
      for (const socket of held) socket.destroy();
      held.clear();
    },
  };
}
