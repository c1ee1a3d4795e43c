import { readFileSync } from 'node:fs';
import { projectPath } from '../../core/paths';
import type { Json, JsonObject } from './types';

/**
 * The canonical JSON Schemas (schemas/canonical/*.json, JSON Schema 2020-12) as components of
 * the OpenAPI 3.1 document, read from their files: never copied by hand.
 *
 * A schema file is its own resource (`$id`), so its `#/$defs/x` references are relative to it.
 * Inside the document they would resolve against the document instead, so each `$defs` entry
 * becomes a component of its own (`RegistryEntry` + `Person` = `RegistryEntryPerson`) and its
 * references point there; `$id` and `$schema` are dropped (the document's `jsonSchemaDialect`
 * says 2020-12). Every description, and so every SICRES element name, is kept as it is.
 */

const LOCAL_DEF = /^#\/\$defs\/([^/]+)$/;

export function readCanonicalSchema(file: string): JsonObject {
  return JSON.parse(readFileSync(projectPath('schemas', 'canonical', file), 'utf8')) as JsonObject;
}

export function readCanonicalExample(file: string): JsonObject {
  return JSON.parse(readFileSync(projectPath('schemas', 'canonical', 'examples', file), 'utf8')) as JsonObject;
}

/** The component name of a `$defs` entry of the schema embedded as `name`. */
export function defComponentName(name: string, def: string): string {
  return name + def.charAt(0).toUpperCase() + def.slice(1);
}

/** `schema` (a canonical schema file's content) as `name` plus one component per `$defs` entry. */
export function embedSchema(name: string, schema: JsonObject): Record<string, JsonObject> {
  const { $id: _id, $schema: _dialect, $defs, ...main } = schema;
  const rewrite = (node: Json | undefined): Json | undefined => rewriteRefs(node, name);
  const out: Record<string, JsonObject> = { [name]: rewrite(main) as JsonObject };
  for (const [def, sub] of Object.entries(($defs ?? {}) as JsonObject)) {
    out[defComponentName(name, def)] = rewrite(sub) as JsonObject;
  }
  return out;
}

function rewriteRefs(node: Json | undefined, name: string): Json | undefined {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, name) as Json);
  if (node === null || typeof node !== 'object') return node;
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string') {
      const m = LOCAL_DEF.exec(value);
      if (!m) throw new Error(`${name}: only #/$defs/<name> references can be embedded, not ${value}`);
      out.$ref = `#/components/schemas/${defComponentName(name, m[1])}`;
    } else {
      out[key] = rewriteRefs(value, name);
    }
  }
  return out;
}
