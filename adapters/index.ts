import type { Adapter } from '../src/core/plugin';
import { canonicalJson } from './canonical-json';

/** Explicit registry of inbound adapters: one line each. */
export const adapters: Record<string, Adapter<any>> = {
  [canonicalJson.name]: canonicalJson,
};

/** The adapter that decodes a media type (parameters such as charset ignored). */
export function adapterFor(contentType: string | undefined): Adapter<any> | undefined {
  const media = (contentType ?? '').split(';')[0].trim().toLowerCase();
  return Object.values(adapters).find((a) => a.accepts.includes(media));
}
