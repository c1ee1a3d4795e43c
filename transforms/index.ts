import type { Transform } from '../src/core/plugin';
import { registryEntryToSicres3 } from './registry-entry-to-sicres3';

/** Explicit registry of transforms a route may name, keyed by `name`: one line each. */
export const transforms: Record<string, Transform<any, any>> = {
  [registryEntryToSicres3.name]: registryEntryToSicres3,
};

/** The transform called `name`, or `undefined` (the route loader reports unknown names). */
export function getTransform(name: string): Transform<any, any> | undefined {
  return Object.prototype.hasOwnProperty.call(transforms, name) ? transforms[name] : undefined;
}

export type { SicresFichero } from './registry-entry-to-sicres3';
