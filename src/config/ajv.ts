import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import { readFileSync } from 'node:fs';
import { projectPath } from '../core/paths';

const ajv = new Ajv2020({ strict: true, allErrors: true, coerceTypes: false, useDefaults: false, removeAdditional: false });
const compiled = new Map<string, ValidateFunction>();

/** Compile (once) one of the schemas under schemas/config/. */
export function configValidator(file: string): ValidateFunction {
  let v = compiled.get(file);
  if (!v) {
    v = ajv.compile(JSON.parse(readFileSync(projectPath('schemas', 'config', file), 'utf8')));
    compiled.set(file, v);
  }
  return v;
}

/** Compile an arbitrary (trusted, in-repo) schema such as a connector's configSchema. */
export function compileSchema(schema: object): ValidateFunction {
  return ajv.compile(schema);
}

/** ajv errors as "<path>: <problem>" lines, the path naming the offending value. */
export function describeErrors(errors: ErrorObject[] | null | undefined, root: string): string[] {
  return (errors ?? []).map((e) => {
    let where = e.instancePath;
    if (e.keyword === 'required') where += '/' + (e.params as { missingProperty: string }).missingProperty;
    if (e.keyword === 'additionalProperties') where += '/' + (e.params as { additionalProperty: string }).additionalProperty;
    const problem = e.keyword === 'additionalProperties' ? 'is not a known setting' : e.keyword === 'required' ? 'is required' : e.message;
    return `${root}${where || ''}: ${problem}`;
  });
}
