import { loggableUrl } from '../core/loggable-url';
import * as amqplib from 'amqplib';
import type { ChannelModel, RecoveringChannelModel } from 'amqplib';
import type { Logger } from 'pino';
import { Errors, isPasarelaError, PasarelaError } from '../core/errors';

/** What a `BusLink` needs. */
export interface ConnectionOptions {
  /** amqp://user:pass@host:port/vhost; only ever logged masked. */
  url: string;
  /** Retries before the first connection gives up; reconnects afterwards retry forever. */
  initialMaxRetries: number;
  logger: Logger;
  /**
   * Runs after every (re)connect, before the connection counts as up: every channel, the
   * topology and the consumers are created here, so they all come back after a reconnect.
   */
  setup(model: ChannelModel): Promise<void>;
}

const RECOVERY = { maxRetries: Infinity, initialDelay: 200, maxDelay: 5000 } as const;
const SOCKET_CONNECT_TIMEOUT_MS = 10000;

/**
 * A connection with amqplib's built-in recovery, reduced to what the bus needs. The live model
 * is known from the start of each `setup`, so work registered meanwhile is not missed.
 */
export class BusLink {
  private live: ChannelModel | null = null;
  private up = false;
  private closed = false;
  private recovering: RecoveringChannelModel | null = null;

  constructor(private readonly o: ConnectionOptions) {}

  /** True from a completed `setup` until the next disconnect. */
  isUp(): boolean {
    return this.up && !this.closed;
  }

  /** The live connection (already during `setup`), or null between connections. */
  model(): ChannelModel | null {
    return this.closed ? null : this.live;
  }

  /**
   * Connect and wait for the first connection, including its `setup`. Rejects with
   * BUS_UNREACHABLE once `initialMaxRetries` retries have failed, or if closed meanwhile.
   */
  async open(): Promise<void> {
    const recovering = await amqplib.connect(this.o.url, {
      timeout: SOCKET_CONNECT_TIMEOUT_MS,
      clientProperties: { connection_name: `pasarela ${process.pid}` },
      recovery: {
        ...RECOVERY,
        initialMaxRetries: this.o.initialMaxRetries,
        waitForConnect: false,
        setup: (model: ChannelModel) => this.setup(model),
      },
    });
    this.recovering = recovering;
    listen(recovering, this.o.logger, (up) => {
      this.up = up;
    });
    try {
      if (this.closed) throw new Error('The bus was stopped while connecting');
      await recovering.waitForConnect();
    } catch (err) {
      await recovering.close().catch(() => undefined);
      throw unreachable(this.o.url, err);
    }
  }

  /** Close for good: recovery does not reconnect afterwards. Idempotent. */
  async close(): Promise<void> {
    this.closed = true;
    this.up = false;
    await this.recovering?.close();
  }

  private async setup(model: ChannelModel): Promise<void> {
    this.live = model;
    guardModel(model, this.o.logger);
    model.once('close', () => {
      if (this.live === model) this.live = null;
    });
    await this.o.setup(model);
  }
}

function unreachable(url: string, err: unknown): PasarelaError {
  // Our own setup errors (e.g. a queue that cannot be upgraded) already say what is wrong and
  // carry no URL.
  if (isPasarelaError(err)) return err;
  const masked = loggableUrl(url);
  const password = passwordOf(url);
  let reason = err instanceof Error ? err.message : String(err);
  if (password) reason = reason.split(password).join('***');
  return new PasarelaError(Errors.BUS_UNREACHABLE, `RabbitMQ at ${masked} is not reachable: ${reason}`, {
    cause: err,
    details: { url: masked },
  });
}

function passwordOf(url: string): string {
  try {
    return decodeURIComponent(new URL(url).password);
  } catch {
    return '';
  }
}

// The raw model emits 'error' while setup runs, before recovery has bound its own listeners;
// an EventEmitter 'error' without a listener would crash the process.
function guardModel(model: ChannelModel, logger: Logger): void {
  model.on('error', (err: Error) => logger.debug({ err: err.message }, 'AMQP connection error'));
  model.on('handler-error', (err: Error, event: string) =>
    logger.error({ err, event }, 'An AMQP connection event listener threw'),
  );
}

function listen(r: RecoveringChannelModel, logger: Logger, setState: (up: boolean) => void): void {
  r.on('connect', () => {
    setState(true);
    logger.info('Connected to RabbitMQ');
  });
  r.on('disconnect', (err: Error) => {
    setState(false);
    logger.warn({ err: err.message }, 'Disconnected from RabbitMQ; reconnecting');
  });
  r.on('connect-failed', (err: Error) => logger.warn({ err: err.message }, 'RabbitMQ connection attempt failed'));
  r.on('reconnect-scheduled', (info: { attempt: number; delay: number }) =>
    logger.info({ attempt: info.attempt, delayMs: info.delay }, 'RabbitMQ reconnect scheduled'),
  );
  r.on('reconnect-failed', (err: Error) => logger.error({ err: err.message }, 'RabbitMQ recovery gave up'));
  r.on('error', (err: Error) => logger.warn({ err: err.message }, 'RabbitMQ connection error'));
  r.on('handler-error', (err: Error, event: string) =>
    logger.error({ err, event }, 'An AMQP connection event listener threw'),
  );
  r.on('blocked', (reason: string) => logger.warn({ reason }, 'RabbitMQ blocked publishing (resource alarm)'));
  r.on('unblocked', () => logger.info('RabbitMQ unblocked publishing'));
}
