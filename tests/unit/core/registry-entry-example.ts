import { exampleEntry } from '../../helpers/entries';

export { exampleEntry, textAnnex } from '../../helpers/entries';

/** A mutable view for tests that build invalid values on purpose. */
export type Loose = Record<string, any>;

export function looseExample(): Loose {
  return exampleEntry() as unknown as Loose;
}
