/** Reduced in `npm test`; full size with `npm run test:reliability` (RELIABILITY_FULL=1). */
export const FULL = process.env.RELIABILITY_FULL === '1';
export const scale = (reduced: number, full: number) => (FULL ? full : reduced);

/** A small seeded generator, so a failing run can be repeated exactly. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}
