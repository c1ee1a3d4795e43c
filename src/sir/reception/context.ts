import type { ParsedFichero, Segment } from '../fichero';
import { isDir3Code } from '../../core/validators/dir3';

/** DIR3 as the rules need it. Production wiring plugs the real directory copy in here. */
export interface Directory {
  exists(dir3: string): boolean;
}

/** The registry offices this system receives for. */
export interface OwnOffices {
  isOurs(office: string): boolean;
}

/** Annex limits (reference §4: regweb3's values are the defaults; SIR's own are unconfirmed). */
export interface AnnexLimits {
  maxCount: number;
  maxBytesEach: number;
  maxBytesTotal: number;
}

export const DEFAULT_ANNEX_LIMITS: AnnexLimits = { maxCount: 5, maxBytesEach: 10 * 1024 * 1024, maxBytesTotal: 15 * 1024 * 1024 };

export interface JudgeOptions {
  /** Without one, any well-formed DIR3 code exists. */
  directory?: Directory;
  /** Without one, every office is ours. */
  own?: OwnOffices;
  /** "Now" for the not-in-the-future date check. Default: the clock. */
  now?: Date;
  annexLimits?: Partial<AnnexLimits>;
}

/** What every rule reads. Codes must be well-formed before the directory is even asked. */
export interface RuleContext {
  f: ParsedFichero;
  exists(dir3: string): boolean;
  isOurs(office: string): boolean;
  now: Date;
  limits: AnnexLimits;
}

export function contextOf(f: ParsedFichero, opts: JudgeOptions): RuleContext {
  const directory = opts.directory;
  const own = opts.own;
  return {
    f,
    exists: (code) => isDir3Code(code) && (directory === undefined || directory.exists(code)),
    isOurs: (office) => own === undefined || own.isOurs(office),
    now: opts.now ?? new Date(),
    limits: { ...DEFAULT_ANNEX_LIMITS, ...opts.annexLimits },
  };
}

/** A value counts as informed when it holds more than white space. */
export function filled(s: Segment | undefined, name: string): string | undefined {
  const v = s?.[name];
  return v !== undefined && v.trim() !== '' ? v : undefined;
}

/** A short, safe rendering of a code value for a reason (never used for citizen data). */
export function show(value: string): string {
  return `'${value.slice(0, 40)}'`;
}
