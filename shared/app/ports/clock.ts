import type { Instant } from '../../domain/dates';

/** The only place the product reads the time; the domain takes it as a parameter. */
export interface Clock {
  now(): Instant;
}
