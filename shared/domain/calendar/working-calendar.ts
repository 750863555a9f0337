import { civilFromDays, daysFromCivil, fromEpochDay, type IsoDate, isWeekend, toEpochDay } from '../dates';
import { CalendarYearError } from './errors';
import { type CalendarYearData, legalRuleYear } from './holidays';

/** One year, precomputed so that every question about it is an array look-up. */
interface YearTable {
  data: CalendarYearData;
  firstDay: number;
  /** 1 where the day is a working day, by day of year. */
  working: Uint8Array;
  /** Working days from 1 Jan up to and including each day of the year. */
  workingThrough: Uint16Array;
  /** Epoch days of the year's working days, in order. */
  workingDays: Int32Array;
}

export interface YearSummary {
  year: number;
  basis: CalendarYearData['basis'];
  workingDays: number;
  /** Weekdays (Mon–Fri) that are days off: holidays, their weekend shifts, transfers. */
  daysOff: IsoDate[];
  /** Saturdays and Sundays that are working days by a transfer order. */
  workedWeekends: IsoDate[];
  sources: string[];
}

/** Years outside this range are refused: a date there is a bug upstream, not a deadline. */
export const CALENDAR_YEAR_RANGE = { first: 1990, last: 2200 } as const;

/**
 * Kazakhstan's working-day calendar (BRIEF 2.1): weekends, the holidays of the Law "On holidays" with the weekend
 * shift, 7 Jan and Kurban ait unshifted, and the transfers of each year's order. Published years come from data
 * files; any other year follows the legal rule. Year tables are built lazily and cached, so after the first call a
 * deadline costs a few array look-ups.
 */
export class WorkingCalendar {
  readonly #published: ReadonlyMap<number, CalendarYearData>;
  readonly #tables = new Map<number, YearTable>();
  #last: YearTable | undefined;

  constructor(publishedYears: readonly CalendarYearData[] = []) {
    const byYear = new Map<number, CalendarYearData>();
    for (const year of publishedYears) {
      if (byYear.has(year.year)) throw new CalendarYearError(year.year, 'the year is given twice');
      byYear.set(year.year, year);
    }
    this.#published = byYear;
    // Published years are built at once, so a contradictory file fails when the calendar is made, not mid-request.
    for (const year of publishedYears) {
      const computed = this.workingDaysInYear(year.year);
      if (year.expectedWorkingDays !== undefined && computed !== year.expectedWorkingDays) {
        throw new CalendarYearError(
          year.year,
          `computes ${computed} working days but the file expects ${year.expectedWorkingDays}: check its holidays and transfers`,
        );
      }
    }
  }

  /** Whether `date` is a working day (жұмыс күні). */
  isWorkingDay(date: IsoDate): boolean {
    const day = toEpochDay(date);
    const table = this.#tableOfDay(day);
    return table.working[day - table.firstDay] === 1;
  }

  /**
   * The end of a period of `n` working days that starts the day after `from` (BRIEF 2.1: a period begins the day
   * after its event): the n-th working day after `from`. `from` itself never counts, working day or not; n = 0 gives
   * `from`.
   */
  addWorkingDays(from: IsoDate, n: number): IsoDate {
    assertCount(n);
    if (n === 0) return from;
    const day = toEpochDay(from);
    let table = this.#tableOfDay(day);
    let target = (table.workingThrough[day - table.firstDay] ?? 0) + n;
    while (target > table.workingDays.length) {
      target -= table.workingDays.length;
      table = this.#table(table.data.year + 1);
    }
    return fromEpochDay(table.workingDays[target - 1] ?? Number.NaN);
  }

  /** The n-th working day before `date` (`date` itself never counts); n = 0 gives `date`. */
  workingDaysBefore(date: IsoDate, n: number): IsoDate {
    assertCount(n);
    if (n === 0) return date;
    const day = toEpochDay(date);
    let table = this.#tableOfDay(day);
    const index = day - table.firstDay;
    let target = (table.workingThrough[index] ?? 0) - (table.working[index] ?? 0) - n + 1;
    while (target < 1) {
      table = this.#table(table.data.year - 1);
      target += table.workingDays.length;
    }
    return fromEpochDay(table.workingDays[target - 1] ?? Number.NaN);
  }

  /** Working days in (`after`, `through`]: how many working days of a period have gone by. 0 when `through` ≤ `after`. */
  workingDaysBetween(after: IsoDate, through: IsoDate): number {
    const start = toEpochDay(after);
    const end = toEpochDay(through);
    if (end <= start) return 0;
    let table = this.#tableOfDay(start);
    let count = -(table.workingThrough[start - table.firstDay] ?? 0);
    while (end >= table.firstDay + table.working.length) {
      count += table.workingDays.length;
      table = this.#table(table.data.year + 1);
    }
    return count + (table.workingThrough[end - table.firstDay] ?? 0);
  }

  workingDaysInYear(year: number): number {
    return this.#table(year).workingDays.length;
  }

  yearSummary(year: number): YearSummary {
    const table = this.#table(year);
    const daysOff: IsoDate[] = [];
    const workedWeekends: IsoDate[] = [];
    for (let i = 0; i < table.working.length; i++) {
      const day = table.firstDay + i;
      const weekend = isWeekend(day);
      if (!weekend && table.working[i] === 0) daysOff.push(fromEpochDay(day));
      if (weekend && table.working[i] === 1) workedWeekends.push(fromEpochDay(day));
    }
    return {
      year,
      basis: table.data.basis,
      workingDays: table.workingDays.length,
      daysOff,
      workedWeekends,
      sources: table.data.sources,
    };
  }

  /** The data a year is computed from: the published file, or the legal rule when there is none. */
  yearData(year: number): CalendarYearData {
    return this.#table(year).data;
  }

  #tableOfDay(day: number): YearTable {
    const last = this.#last;
    // Fast path: consecutive look-ups almost always hit the same year.
    if (last && day >= last.firstDay && day < last.firstDay + last.working.length) return last;
    const table = this.#table(civilFromDays(day).year);
    this.#last = table;
    return table;
  }

  #table(year: number): YearTable {
    const cached = this.#tables.get(year);
    if (cached) return cached;
    if (!Number.isInteger(year) || year < CALENDAR_YEAR_RANGE.first || year > CALENDAR_YEAR_RANGE.last) {
      throw new CalendarYearError(
        year,
        `outside the supported range ${CALENDAR_YEAR_RANGE.first}–${CALENDAR_YEAR_RANGE.last}`,
      );
    }
    const table = buildYearTable(this.#published.get(year) ?? legalRuleYear(year));
    this.#tables.set(year, table);
    return table;
  }
}

function assertCount(n: number): void {
  if (!Number.isSafeInteger(n) || n < 0)
    throw new RangeError(`a number of working days must be a whole number ≥ 0, got ${n}`);
}

function buildYearTable(data: CalendarYearData): YearTable {
  const firstDay = daysFromCivil(data.year, 1, 1);
  const length = daysFromCivil(data.year + 1, 1, 1) - firstDay;
  const working = new Uint8Array(length);
  for (let i = 0; i < length; i++) working[i] = isWeekend(firstDay + i) ? 0 : 1;

  const indexIn = (date: IsoDate, what: string): number => {
    const index = toEpochDay(date) - firstDay;
    if (index < 0 || index >= length) throw new CalendarYearError(data.year, `${what} ${date} is not in ${data.year}`);
    return index;
  };
  for (const holiday of data.holidays) working[indexIn(holiday.date, 'holiday')] = 0;
  // Law "On holidays", art. 5: a holiday on a weekend moves the day off to the next working day. Processing in date
  // order makes the three Nauryz days of 2026 (Sat, Sun, Mon) give Tue and Wed.
  const movable = data.holidays.filter((h) => h.movesOffWeekend).sort((a, b) => (a.date < b.date ? -1 : 1));
  for (const holiday of movable) {
    let index = indexIn(holiday.date, 'holiday');
    if (!isWeekend(firstDay + index)) continue;
    do index++;
    while (index < length && working[index] === 0);
    if (index < length) working[index] = 0;
  }
  for (const transfer of data.transfers) {
    const worked = indexIn(transfer.workedOn, 'worked day');
    const off = indexIn(transfer.dayOffOn, 'transferred day off');
    if (!isWeekend(firstDay + worked)) {
      throw new CalendarYearError(data.year, `transfer: ${transfer.workedOn} is not a Saturday or Sunday`);
    }
    if (isWeekend(firstDay + off)) {
      throw new CalendarYearError(data.year, `transfer: ${transfer.dayOffOn} is not a weekday`);
    }
    working[worked] = 1;
    working[off] = 0;
  }

  const workingThrough = new Uint16Array(length);
  const workingDays: number[] = [];
  for (let i = 0; i < length; i++) {
    if (working[i] === 1) workingDays.push(firstDay + i);
    workingThrough[i] = workingDays.length;
  }
  return { data, firstDay, working, workingThrough, workingDays: Int32Array.from(workingDays) };
}
