import type { Clock } from '../app/ports/clock';

export type { Clock };

/** The system clock: the one implementation of the `Clock` port outside tests and the local stack. */
export const systemClock: Clock = { now: () => Date.now() };
