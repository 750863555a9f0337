import fc from 'fast-check';
import { iinCheckDigit } from '../../shared/domain/iin';

/** Completes 11 digits with their check digit; `undefined` when no valid IIN starts with them. */
export function withCheckDigit(first11: string): string | undefined {
  const check = iinCheckDigit(Array.from(first11, Number));
  return check === undefined ? undefined : `${first11}${check}`;
}

/** Arbitrary valid IINs: a real birth date, a century digit that matches it, any serial. */
export const validIin = fc
  .record({
    birth: fc.date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2099-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
    female: fc.boolean(),
    serial: fc.integer({ min: 0, max: 9999 }),
  })
  .map(({ birth, female, serial }) => {
    const year = birth.getUTCFullYear();
    const century = year < 2000 ? 3 : 5;
    const yymmdd = birth.toISOString().slice(2, 10).replaceAll('-', '');
    return withCheckDigit(`${yymmdd}${century + (female ? 1 : 0)}${String(serial).padStart(4, '0')}`);
  })
  .filter((iin): iin is string => iin !== undefined);
