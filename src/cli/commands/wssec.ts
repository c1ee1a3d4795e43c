import type { Command } from 'commander';
import { isPasarelaError } from '../../core/errors';
import { loadSigningCredentials } from '../../wssec/keys';
import { createMemoryReplayCache } from '../../wssec/replay-memory';
import { sign } from '../../wssec/sign';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createTrustStore } from '../../wssec/trust';
import { verify } from '../../wssec/verify';

/** Standard input, bounded: a larger envelope is refused before it is all in memory. */
async function readStdin(maxBytes: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    size += (chunk as Buffer).length;
    if (size > maxBytes) throw new Error(`the envelope on stdin is larger than ${maxBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function fail(e: unknown): never {
  const line = isPasarelaError(e) ? `${e.code}: ${e.message}` : `error: ${(e as Error).message ?? String(e)}`;
  process.stderr.write(line + '\n');
  process.exit(1);
}

const MAX_STDIN = 20 * 1024 * 1024;

export function registerWssecCommands(program: Command): void {
  const wssec = program.command('wssec').description('WS-Security: sign and verify SOAP envelopes (X.509 token profile)');

  wssec
    .command('sign')
    .description('Sign the SOAP envelope on stdin; the signed envelope goes to stdout')
    .option('--key <pem>', 'private key (PEM)')
    .option('--cert <pem>', 'certificate (PEM)')
    .option('--p12 <file>', 'PKCS#12 bundle instead of --key/--cert')
    .option('--passphrase-env <VAR>', 'environment variable holding the PKCS#12 or key passphrase')
    .option('--passphrase-file <file>', 'file holding the PKCS#12 or key passphrase')
    .option('--ttl <seconds>', 'Timestamp lifetime', '300')
    .option('--reference <localName>', 'also sign this Header block, by local name (repeatable)', collect, [])
    .action(async (opts: { key?: string; cert?: string; p12?: string; passphraseEnv?: string; passphraseFile?: string; ttl: string; reference: string[] }) => {
      try {
        if (!opts.p12 && !(opts.key && opts.cert)) throw new Error('give --key and --cert, or --p12');
        const credentials = loadSigningCredentials({
          keyFile: opts.key, certFile: opts.cert, p12File: opts.p12, passphraseEnv: opts.passphraseEnv, passphraseFile: opts.passphraseFile,
        });
        const ttlSeconds = Number(opts.ttl);
        if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1) throw new Error('--ttl must be a whole number of seconds');
        process.stdout.write(sign(await readStdin(MAX_STDIN), { credentials, ttlSeconds, extraReferences: opts.reference }));
      } catch (e) {
        fail(e);
      }
    });

  wssec
    .command('verify')
    .description('Verify the signed envelope on stdin: exit 0 printing the verified Body, or exit 1 with the rejection code')
    .requiredOption('--trust <cert.pem>', 'trusted certificate: the signer itself (pinned) or the CA that issued it', collect, [])
    .option('--skew <seconds>', 'allowed clock difference', '300')
    .option('--reference <localName>', 'a Header block, by local name, that must be signed too (repeatable)', collect, [])
    .action(async (opts: { trust: string[]; skew: string; reference: string[] }) => {
      try {
        const skewSeconds = Number(opts.skew);
        if (!Number.isInteger(skewSeconds) || skewSeconds < 0) throw new Error('--skew must be a whole number of seconds');
        const trust = trustFromFiles(opts.trust);
        const verified = await verify(await readStdin(MAX_STDIN), {
          trust, skewSeconds, extraReferences: opts.reference, replayCache: createMemoryReplayCache(),
        });
        process.stdout.write(verified.body + '\n');
      } catch (e) {
        fail(e);
      }
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/**
 * `--trust` files may hold the signer's own certificate or the CA that issued it: a CA
 * certificate becomes a trust anchor, any other is pinned (accepted as the signer itself only).
 */
function trustFromFiles(files: string[]) {
  const pinned: string[] = [];
  const cas: string[] = [];
  for (const file of files) {
    const pems = readFileSync(file, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? [];
    if (pems.length === 0) throw new Error(`${file} holds no PEM certificate`);
    for (const pem of pems) (new X509Certificate(pem).ca ? cas : pinned).push(pem);
  }
  return createTrustStore({ pinned, cas });
}
