import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

let root: string | undefined;

/**
 * The project root (the folder holding pasarela's package.json), found by walking up from this
 * file, so the same code works from `src/` (tests) and from `dist/src/` (the built CLI).
 */
export function projectRoot(): string {
  if (root) return root;
  let dir = __dirname;
  for (;;) {
    const pkg = path.join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'pasarela') return (root = dir);
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('pasarela package.json not found above ' + __dirname);
    dir = parent;
  }
}

/** A path inside the project: `projectPath('schemas', 'canonical')`. */
export function projectPath(...segments: string[]): string {
  return path.join(projectRoot(), ...segments);
}

/** A configured file or folder: absolute as given, relative ones from the project root (as routesDir). */
export function resolveProjectFile(file: string): string {
  return path.isAbsolute(file) ? file : projectPath(file);
}
