import { randomBytes } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { FieldProblem } from '../core/errors';
import { resolveProjectFile } from '../core/paths';

type Env = Record<string, string | undefined>;

/**
 * A secret referenced by the configuration, never written in it: the name of an environment
 * variable or a file (one line). Problems name the variable or file and the field, never the value.
 */
export interface SecretSource {
  env?: string;
  file?: string;
  /** The configuration fields, for messages: `apiKeyEnv` / `apiKeyFile`, `secretEnv` / `secretFile`. */
  envField: string;
  fileField: string;
  /** What it is, for messages: "Notific@ API key". */
  what: string;
  /** A development file pasarela writes on first use when it is the one referenced (data/ is git-ignored). */
  devFile?: string;
}

/**
 * Create a development secret file when it is missing; resolves its absolute path. Written to a
 * temporary file and linked into place, so a process that starts at the same time reads either
 * no file or the whole secret, and the one whose link loses keeps the winner's.
 */
export function ensureDevSecret(file: string): string {
  mkdirSync(path.dirname(file), { recursive: true });
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  writeFileSync(temp, randomBytes(24).toString('hex') + '\n', { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  } finally {
    rmSync(temp, { force: true });
  }
  return file;
}

/** The secret a reference points at, or a problem at `pointer`. */
export function readSecret(s: SecretSource, pointer: string, env: Env = process.env): string | FieldProblem {
  if ((s.env === undefined) === (s.file === undefined)) {
    return { pointer, code: 'CONFIG_INVALID', message: `set exactly one of ${s.envField} and ${s.fileField}` };
  }
  if (s.env !== undefined) {
    const v = (env[s.env] ?? '').trim();
    return v !== '' ? v : { pointer: `${pointer}/${s.envField}`, code: 'CONFIG_INVALID', message: `the environment variable ${s.env} (${s.what}) is not set` };
  }
  if (s.devFile !== undefined && s.file === s.devFile) ensureDevSecret(resolveProjectFile(s.devFile));
  try {
    const v = readFileSync(resolveProjectFile(s.file!), 'utf8').trim();
    if (v !== '') return v;
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    return { pointer: `${pointer}/${s.fileField}`, code: 'CONFIG_INVALID', message: `the ${s.what} file ${s.file} cannot be read (${typeof code === 'string' ? code : 'error'})` };
  }
  return { pointer: `${pointer}/${s.fileField}`, code: 'CONFIG_INVALID', message: `the ${s.what} file ${s.file} is empty` };
}
