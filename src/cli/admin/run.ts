import { type Command, InvalidArgumentError } from 'commander';
import { AdminApiError, type AdminClient, createAdminClient } from './client';

/**
 * What every admin command shares: the `--url`, `--token` and `--json` options, finding the API
 * and the operator token, and turning failures into the contract's messages and exit codes
 * (2: the command line is wrong or no token; 1: the API said no or could not be reached).
 */

export const DEFAULT_ADMIN_URL = 'http://127.0.0.1:8080';

export interface ConnectionOptions {
  url?: string;
  token?: string;
  json?: boolean;
}

/** Adds `--url`, `--token` and `--json`. Their defaults are read when the command runs (never shown in help: a token is a secret). */
export function withConnection(cmd: Command): Command {
  return cmd
    .option('--url <base>', `admin API base URL (default: PASARELA_ADMIN_URL, else ${DEFAULT_ADMIN_URL})`)
    .option('--token <token>', 'operator token (default: PASARELA_OPERATOR_TOKEN)')
    .option('--json', "print the API's JSON answer on one line instead of a table");
}

/** The environment variable's value, an empty one counting as unset. */
function env(name: string): string | undefined {
  const value = process.env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** A mistake on the command line: said on stderr, exit code 2. */
export function usageError(label: string, message: string): void {
  process.stderr.write(`pasarela ${label}: ${message}\n`);
  process.exitCode = 2;
}

/**
 * Runs `work` with a client for the configured API. `work` prints its own output and may return
 * an exit code; a thrown error is printed as `pasarela <label>: …` with exit code 1. No token or
 * a base URL that is not one is a usage error (2), said before anything is sent.
 */
export async function runAdmin(label: string, opts: ConnectionOptions, work: (client: AdminClient) => Promise<number | void>): Promise<void> {
  const token = opts.token ?? env('PASARELA_OPERATOR_TOKEN');
  if (token === undefined) {
    return usageError(label, 'an operator token is required (--token or PASARELA_OPERATOR_TOKEN; create one with pasarela operators create)');
  }
  let client: AdminClient;
  try {
    client = createAdminClient({ baseUrl: opts.url ?? env('PASARELA_ADMIN_URL') ?? DEFAULT_ADMIN_URL, token });
  } catch (e) {
    return usageError(label, (e as Error).message);
  }
  try {
    const code = await work(client);
    if (code !== undefined && code !== 0) process.exitCode = code;
  } catch (e) {
    process.stderr.write(describeFailure(label, e));
    process.exitCode = 1;
  }
}

/** `pasarela <label>: <status> <code>: <detail>` and one line a problem, or the error's message. */
export function describeFailure(label: string, e: unknown): string {
  if (!(e instanceof AdminApiError)) return `pasarela ${label}: ${e instanceof Error ? e.message : String(e)}\n`;
  const problems = e.problems.map((p) => `  ${p.pointer} ${p.code} ${p.message}\n`).join('');
  return `pasarela ${label}: ${e.status} ${e.code}: ${e.detail}\n${problems}`;
}

/** With `--json` the answer on one line, else the human text. */
export function print(opts: ConnectionOptions, answer: unknown, human: () => string): void {
  process.stdout.write(opts.json ? JSON.stringify(answer) + '\n' : human());
}

/** Commander argument parser: a whole number from 1 up. */
export function positiveInteger(text: string): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('It must be a whole number from 1 up.');
  return n;
}

/** Commander argument parser: a number above 0 (fractions allowed: 0.5 per second). */
export function positiveNumber(text: string): number {
  const n = Number(text);
  if (text.trim() === '' || !Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('It must be a number above 0.');
  return n;
}
