import type { IsoDate } from '../dates';
import { RuleSetNotFoundError } from './errors';

/** A version of a rule set: in force from `effectiveFrom` (inclusive) until the next version's `effectiveFrom`. */
export interface Versioned {
  id: string;
  effectiveFrom: IsoDate;
  /** Where the numbers come from (seed and paragraph, or the act). */
  sources: string[];
  /** True when a date or number is still to be confirmed from the published act. */
  provisional?: boolean;
}

/**
 * The version in force on `date`: the one with the latest `effectiveFrom` on or before it. Versions may be listed
 * in any order; two versions with the same date are a data error caught by a test. A date before the first
 * version throws, or — where a fact may predate our rule data (an old payment) — gets the earliest version.
 */
export function inForceOn<T extends Versioned>(
  versions: readonly T[],
  date: IsoDate,
  options: { beforeFirst: 'throw' | 'use_first' } = { beforeFirst: 'throw' },
): T {
  let best: T | undefined;
  let first: T | undefined;
  for (const version of versions) {
    if (version.effectiveFrom <= date && (!best || version.effectiveFrom > best.effectiveFrom)) best = version;
    if (!first || version.effectiveFrom < first.effectiveFrom) first = version;
  }
  if (!best && options.beforeFirst === 'use_first') best = first;
  if (!best) throw new RuleSetNotFoundError(date);
  return best;
}
