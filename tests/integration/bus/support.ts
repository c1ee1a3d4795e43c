import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pino from 'pino';
import type { Logger } from 'pino';
import type { Delivery, DeliveryHandler } from '../../../src/bus';
import { createEnvelope, type Envelope } from '../../../src/core/envelope';

// Shared by the bus integration tests (not a test file: jest only runs *.int.test.ts).

export const TYPE = 'registry-entry';

export function envelope(): Envelope {
  return createEnvelope({ type: TYPE, schemaVersion: 1, tenant: 'L01280796', source: { system: 'test', adapter: 'test@1' }, payload: {} });
}

/** Deliveries in arrival order; `next()` waits for the next one (the jest timeout bounds it). */
export function inbox(): { handler: DeliveryHandler; next(): Promise<Delivery>; received: Delivery[] } {
  const queued: Delivery[] = [];
  const received: Delivery[] = [];
  const waiting: ((d: Delivery) => void)[] = [];
  return {
    received,
    handler: async (d) => {
      received.push(d);
      const w = waiting.shift();
      if (w) w(d);
      else queued.push(d);
    },
    next: () => {
      const d = queued.shift();
      return d ? Promise.resolve(d) : new Promise((resolve) => waiting.push(resolve));
    },
  };
}

/** Poll `check` until it holds (the jest timeout bounds it). */
export async function eventually(check: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await check())) await new Promise((resolve) => setTimeout(resolve, 25));
}

/** A debug logger whose lines are kept in `lines`. */
export function capturingLogger(): { logger: Logger; lines: { level: number; msg: string; [k: string]: unknown }[] } {
  const lines: { level: number; msg: string }[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => lines.push(JSON.parse(line)) });
  return { logger, lines };
}

/** Each queue's arguments in `vhost`, from `rabbitmqctl list_queues` (name -> { arg: value }). */
export async function queueArguments(vhost: string): Promise<Record<string, Record<string, unknown>>> {
  const { stdout } = await promisify(execFile)('rabbitmqctl', ['--quiet', 'list_queues', '-p', vhost, 'name', 'arguments', '--formatter', 'json'], { timeout: 60000 });
  const rows = JSON.parse(stdout) as { name: string; arguments: [string, string, unknown][] }[];
  return Object.fromEntries(rows.map((r) => [r.name, Object.fromEntries(r.arguments.map(([key, , value]) => [key, value]))]));
}
