/** A calendar year that cannot be built: a year out of range, or a year file that contradicts itself. */
export class CalendarYearError extends Error {
  readonly year: number;

  constructor(year: number, problem: string, options?: ErrorOptions) {
    super(`calendar ${year}: ${problem}`, options);
    this.name = 'CalendarYearError';
    this.year = year;
  }
}
