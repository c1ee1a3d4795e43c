import type { Command } from 'commander';
import { loadConfig } from '../../config/load';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ensureDevCertificate } from '../../connectors/sir/dev-cert';
import { configuredDirectory, loadCodeList, loadDirectoryFile } from '../../sir/directory';
import { DEFAULT_MAX_FICHERO_BYTES } from '../../sir/parse-fichero';
import { checkFichero, type JudgeOptions, type OwnOffices, type Verdict } from '../../sir/reception';

/**
 * `pasarela sir check <file>`: judge one received fichero with the reception rules
 * (docs/sir-reception.md) and print ONE line of JSON `{outcome, code, reasons}`.
 * Exit codes: 0 accept, 1 error (an ERROR message with `code` would be sent), 2 drop (nothing can
 * be sent back). A fichero file that cannot be read is a drop too (exit 2, with the JSON line):
 * like an unparseable document, there is nothing to judge and no ERROR message to build.
 * A `--dir3`/`--own` list (or the configured `dir3.file`, or the configuration itself) that cannot
 * be read is an operator mistake, not a verdict: a message on stderr and exit 3.
 */

const EXIT: Record<Verdict['outcome'], number> = { accept: 0, error: 1, drop: 2 };
const EXIT_BAD_LIST = 3;

function readFichero(file: string): Buffer | Verdict {
  try {
    const size = statSync(file).size;
    if (size > DEFAULT_MAX_FICHERO_BYTES) return { outcome: 'drop', code: null, reasons: [`the file is larger than ${DEFAULT_MAX_FICHERO_BYTES} bytes`] };
    return readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'unknown error';
    return { outcome: 'drop', code: null, reasons: [`the file cannot be read (${code})`] };
  }
}

function print(verdict: Verdict): void {
  process.stdout.write(JSON.stringify({ outcome: verdict.outcome, code: verdict.code, reasons: verdict.reasons }) + '\n');
  process.exitCode = EXIT[verdict.outcome];
}

/** Offices in a set; none at all means every office is ours (the rules' permissive default). */
function officesIn(offices: ReadonlySet<string>): OwnOffices | undefined {
  return offices.size === 0 ? undefined : { isOurs: (office) => offices.has(office) };
}

/**
 * The rules WS_SIR8_B applies, from the configuration (PASARELA_CONFIG over the embedded default):
 * its DIR3 directory (`dir3.file`; none: any well-formed code exists) and its annex limits.
 * `--dir3` replaces the directory; `--own` names the offices we receive for (without it every
 * office is ours: the check judges a fichero, not whom it is for). Throws when a list or the
 * configuration cannot be read.
 */
function judgeOptions(opts: { dir3?: string; own?: string }): JudgeOptions {
  const config = loadConfig();
  return {
    directory: opts.dir3 !== undefined ? loadDirectoryFile(opts.dir3) : configuredDirectory(config),
    own: opts.own !== undefined ? officesIn(loadCodeList(opts.own)) : undefined,
    annexLimits: config.annexes,
  };
}

export function registerSirCommands(program: Command): void {
  const sir = program.command('sir').description('SIR (SICRES 3.0) tools');

  sir
    .command('check <file>')
    .description('Judge a received Fichero_Intercambio_SICRES_3 with the reception rules of WS_SIR8_B; prints one JSON line; exit 0 accept, 1 error, 2 drop, 3 a list or the configuration cannot be read')
    .option('--dir3 <list>', 'text file with the known DIR3 codes, one per line (codes outside it do not exist); default: the configured dir3.file, else any well-formed code')
    .option('--own <list>', 'text file with the offices this system receives for, one per line; default: every office')
    .action((file: string, opts: { dir3?: string; own?: string }) => {
      let options: JudgeOptions;
      try {
        options = judgeOptions(opts);
      } catch (e) {
        process.stderr.write(`pasarela sir check: cannot read a code list or the configuration: ${(e as Error).message}\n`);
        process.exitCode = EXIT_BAD_LIST;
        return;
      }
      const content = readFichero(file);
      print(Buffer.isBuffer(content) ? checkFichero(content, options) : content);
    });

  sir
    .command('dev-cert')
    .description('Write a DEVELOPMENT signing key and self-signed certificate (sir-dev.key, sir-dev.pem) for the SIR connector; keeps a valid pair unless --force')
    .option('--out <dir>', 'folder of the pair (default data/keys, the paths config/default.yaml names)')
    .option('--force', 'replace a pair that is there and still valid')
    .action((opts: { out?: string; force?: boolean }) => {
      try {
        const pair = ensureDevCertificate({ dir: opts.out === undefined ? undefined : path.resolve(opts.out), force: opts.force });
        process.stdout.write(`${pair.created ? 'wrote' : 'kept'} ${pair.keyFile}\n${pair.created ? 'wrote' : 'kept'} ${pair.certFile}\n`);
        process.stdout.write('This pair is for development and the local simulator only: SIR will not trust it.\n');
      } catch (e) {
        process.stderr.write(`pasarela sir dev-cert: ${(e as Error).message}\n`);
        process.exitCode = 1;
      }
    });
}
