import { loadConfig } from '../../config/load';
import type { Config } from '../../config/types';
import { isPasarelaError } from '../../core/errors';

/** Load and validate the configuration, or print why not and exit 2. */
export function loadConfigOrExit(): Config {
  try {
    return loadConfig();
  } catch (e) {
    process.stderr.write(`${isPasarelaError(e) ? e.message : String(e)}\n`);
    process.exit(2);
  }
}
