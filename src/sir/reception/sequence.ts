/**
 * `xs:sequence` facts for one parent: unknown children, children out of schema order, children
 * repeated beyond maxOccurs. Missing children are not reported here: a missing segment or leaf
 * is visible in the parsed maps, and the rules judge it there (some absences are drops, others
 * ERRORs).
 */
export interface Occurs {
  name: string;
  min: number;
  max: number;
}

export function checkSequence(parent: string, names: readonly string[], spec: readonly Occurs[]): string[] {
  const facts: string[] = [];
  let at = -1;
  let count = 0;
  for (const name of names) {
    const i = spec.findIndex((s) => s.name === name);
    if (i < 0) facts.push(`${parent} has the unknown element ${name.slice(0, 60)}`);
    else if (i < at) facts.push(`${parent} has ${name} out of order`);
    else if (i === at) {
      if (++count > spec[i].max) facts.push(`${parent} repeats ${name}`);
    } else {
      at = i;
      count = 1;
    }
  }
  return facts;
}
