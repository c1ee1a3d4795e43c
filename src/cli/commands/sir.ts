import type { Command } from 'commander';
import { loadConfig } from '../../config/load';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { ensureDevCertificate } from '../../connectors/sir/dev-cert';
import { DEFAULT_MAX_FICHERO_BYTES } from '../../sir/parse-fichero';
import { checkFichero, type Directory, type OwnOffices, type Verdict } from '../../sir/reception';

/**
 * `pasarela sir check <file>`: judge one received fichero with the reception rules
 * (docs/sir-reception.md) and print ONE line of JSON `{outcome, code, reasons}`.
 * Exit codes: 0 accept, 1 error (an ERROR message with `code` would be sent), 2 drop (nothing can
 * be sent back). A fichero file that cannot be read is a drop too (exit 2, with the JSON line):
 * like an unparseable document, there is nothing to judge and no ERROR message to build.
 * A `--dir3`/`--own` list that cannot be read is an operator mistake, not a verdict: a message on
 * stderr and exit 3.
 */

const EXIT: Record<Verdict['outcome'], number> = { accept: 0, error: 1, drop: 2 };
const EXIT_BAD_LIST = 3;

/** One code per line; blank lines and `#` comments ignored. */
function readList(file: string): Set<string> {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/).map((l) => l.trim());
  return new Set(lines.filter((l) => l !== '' && !l.startsWith('#')));
}

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

/** The configuration's annex limits, as the inbound endpoint applies them; defaults when it cannot be read. */
function configuredAnnexLimits() {
  try {
    return loadConfig().annexes;
  } catch {
    return undefined;
  }
}

export function registerSirCommands(program: Command): void {
  const sir = program.command('sir').description('SIR (SICRES 3.0) tools');

  sir
    .command('check <file>')
    .description('Judge a received Fichero_Intercambio_SICRES_3 with the reception rules; prints one JSON line; exit 0 accept, 1 error, 2 drop')
    .option('--dir3 <list>', 'text file with the known DIR3 codes, one per line (codes outside it do not exist)')
    .option('--own <list>', 'text file with the offices this system receives for, one per line')
    .action((file: string, opts: { dir3?: string; own?: string }) => {
      // There is no configured DIR3 copy nor office list yet: without --dir3/--own the permissive
      // default applies (any well-formed DIR3 code exists, every office is ours).
      let directory: Directory | undefined;
      let own: OwnOffices | undefined;
      try {
        if (opts.dir3 !== undefined) {
          const known = readList(opts.dir3);
          directory = { exists: (code) => known.has(code) };
        }
        if (opts.own !== undefined) {
          const ours = readList(opts.own);
          own = { isOurs: (office) => ours.has(office) };
        }
      } catch (e) {
        process.stderr.write(`pasarela sir check: cannot read a code list: ${(e as Error).message}\n`);
        process.exitCode = EXIT_BAD_LIST;
        return;
      }
      const content = readFichero(file);
      print(Buffer.isBuffer(content) ? checkFichero(content, { directory, own, annexLimits: configuredAnnexLimits() }) : content);
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
