import { UNTHROTTLED } from '../src/intake/key-limits';
import { generateApiKey } from '../src/intake/api-keys';
import type { Journal } from '../src/journal/journal';
import { generateOperatorToken } from '../src/admin/tokens';

/** The demo tenant of config/default.yaml; its office O00009001 is the benchmark entry's. */
const TENANT = 'L02000023';

/** A fresh API key of the demo tenant, stored in `journal`. */
export async function benchApiKey(journal: Journal): Promise<string> {
  const { key, hash, prefix } = generateApiKey();
  // Unthrottled: the benchmark measures intake, not the per-key rate limit.
  await journal.createApiKey({ tenant: TENANT, name: 'bench', hash, prefix, rateLimit: UNTHROTTLED });
  return key;
}

/** A fresh operator token (role operator) stored in `journal`, for the admin API. */
export async function benchOperatorToken(journal: Journal): Promise<string> {
  const { token, hash, prefix } = generateOperatorToken();
  await journal.operations.createOperator({ name: 'bench', role: 'operator', hash, prefix });
  return token;
}

/**
 * Post the same registry entry `count` times to `POST /v1/registry-entries`, `clients` requests in
 * flight at once; every answer must be 202 (each post is a new entry with its own exchange id).
 */
export async function postEntries(baseUrl: string, key: string, body: string, count: number, clients: number): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next < count) {
        next++;
        const res = await fetch(`${baseUrl}/v1/registry-entries`, {
          method: 'POST', headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' }, body,
        });
        if (res.status !== 202) throw new Error(`intake answered ${res.status}: ${await res.text()}`);
        await res.arrayBuffer();
      }
    }),
  );
}
