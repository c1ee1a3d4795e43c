import { adapters } from '../../adapters';
import { Errors, PasarelaError } from '../core/errors';
import { compileSchema, describeErrors } from './ajv';
import type { Config } from './types';

/**
 * Validate each `adapters.<name>` block against that adapter's configSchema, before anything
 * connects. A block for an adapter that does not exist is refused too: it is a typo, and the
 * setting it meant to change would silently not apply.
 */
export function resolveAdapterConfigs(config: Config): Record<string, Record<string, unknown>> {
  const blocks = config.adapters ?? {};
  const problems: string[] = [];
  for (const name of Object.keys(blocks)) {
    if (!Object.prototype.hasOwnProperty.call(adapters, name)) problems.push(`config/adapters/${name}: no adapter is called ${name} (adapters: ${Object.keys(adapters).join(', ')})`);
  }
  const resolved: Record<string, Record<string, unknown>> = {};
  for (const [name, adapter] of Object.entries(adapters)) {
    const block = structuredClone(blocks[name] ?? {});
    const validate = compileSchema(adapter.configSchema);
    if (!validate(block)) problems.push(...describeErrors(validate.errors, `config/adapters/${name}`));
    resolved[name] = block;
  }
  if (problems.length) throw new PasarelaError(Errors.CONFIG_INVALID, 'Invalid configuration:\n  ' + problems.join('\n  '));
  return resolved;
}
