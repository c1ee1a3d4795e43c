import { readFileSync, statSync } from 'node:fs';
import type { Logger } from 'pino';
import type { Config } from '../config/types';
import { Errors, PasarelaError } from '../core/errors';
import { resolveProjectFile } from '../core/paths';
import { isDir3Code } from '../core/validators/dir3';
import type { Directory } from './reception';

/**
 * The DIR3 directory the reception rules ask (docs/sir-reception.md, "Directory"): a text file
 * with one known DIR3 code per line, read once at start-up. The same reader takes
 * `pasarela sir check --dir3/--own` lists, so the CLI and WS_SIR8_B judge with the same codes.
 */

/** Far above the whole DIR3 directory (a few hundred thousand 9-character codes). */
export const MAX_CODE_LIST_BYTES = 64 * 1024 * 1024;

/** A directory that can also say how many codes it knows (for the start-up log line). */
export interface LoadedDirectory extends Directory {
  readonly size: number;
}

function listError(file: string, why: string, line?: number): PasarelaError {
  const where = line === undefined ? file : `${file} line ${line}`;
  return new PasarelaError(Errors.CONFIG_INVALID, `DIR3 code list ${where}: ${why}`, { details: { file, ...(line === undefined ? {} : { line }) } });
}

function readText(file: string): string {
  try {
    if (statSync(file).size > MAX_CODE_LIST_BYTES) throw listError(file, `larger than ${MAX_CODE_LIST_BYTES} bytes`);
    return readFileSync(file, 'utf8');
  } catch (e) {
    if (e instanceof PasarelaError) throw e;
    throw listError(file, `cannot be read (${(e as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
}

/**
 * The codes of a list file: one per line; `#` starts a comment (whole line or after the code);
 * blank lines are ignored. Throws CONFIG_INVALID naming the file (and the line): unreadable,
 * a line that is not a well-formed DIR3 code, or no code at all. The offending text is never
 * quoted: the file is the operator's, and could be anything.
 */
export function loadCodeList(file: string): ReadonlySet<string> {
  const codes = new Set<string>();
  readText(file).replace(/^\uFEFF/, '').split(/\r?\n/).forEach((raw, i) => {
    const code = raw.replace(/#.*$/, '').trim();
    if (code === '') return;
    if (!isDir3Code(code)) throw listError(file, 'not a well-formed DIR3 code (an upper-case letter then 8 upper-case letters or digits)', i + 1);
    codes.add(code);
  });
  if (codes.size === 0) throw listError(file, 'holds no DIR3 code');
  return codes;
}

/** The directory of a list file (codes outside it do not exist). */
export function loadDirectoryFile(file: string): LoadedDirectory {
  const codes = loadCodeList(file);
  return { exists: (code) => codes.has(code), size: codes.size };
}

const loaded = new WeakMap<object, LoadedDirectory>();

/**
 * The configured directory (`dir3.file`, relative paths from the project root), or undefined
 * when none is configured (then any well-formed code exists). Read once per configuration
 * object: WS_SIR8_B and the CIR proxy share one copy. Throws CONFIG_INVALID naming `dir3.file`.
 */
export function configuredDirectory(config: Pick<Config, 'dir3'>, logger?: Logger): LoadedDirectory | undefined {
  if (config.dir3 === undefined) return undefined;
  const known = loaded.get(config);
  if (known) return known;
  const file = resolveProjectFile(config.dir3.file);
  let directory: LoadedDirectory;
  try {
    directory = loadDirectoryFile(file);
  } catch (e) {
    if (!(e instanceof PasarelaError)) throw e;
    throw new PasarelaError(Errors.CONFIG_INVALID, `Invalid configuration:\n  config/dir3/file: ${e.message}`, { details: e.details });
  }
  loaded.set(config, directory);
  logger?.info({ file, codes: directory.size }, 'DIR3 directory loaded');
  return directory;
}
