import { formatIsoDate, type IsoDate } from '../dates';

/** The days off named by the Law "On holidays in the Republic of Kazakhstan", art. 5 (BRIEF 2.1). */
export const HOLIDAY_NAMES = [
  'new_year',
  'orthodox_christmas',
  'international_womens_day',
  'nauryz',
  'unity_day',
  'defender_of_the_fatherland_day',
  'victory_day',
  'capital_day',
  'constitution_day',
  'republic_day',
  'independence_day',
  'kurban_ait',
] as const;

export type HolidayName = (typeof HOLIDAY_NAMES)[number];

export interface Holiday {
  date: IsoDate;
  name: HolidayName;
  /** When it falls on a Saturday or Sunday, the next working day is a day off. Not so for 7 Jan and Kurban ait. */
  movesOffWeekend: boolean;
}

/** A ministry order that swaps a weekend day and a weekday (e.g. 2024: Sat 4 May worked, Wed 8 May off). */
export interface DayOffTransfer {
  workedOn: IsoDate;
  dayOffOn: IsoDate;
  source: string;
}

/** What the calendar of one year is made of; a published year file has the same shape (see `years/`). */
export interface CalendarYearData {
  year: number;
  /** `published`: checked against the law and the year's orders. `legal_rule`: derived from the law alone. */
  basis: 'published' | 'legal_rule';
  sources: string[];
  holidays: Holiday[];
  transfers: DayOffTransfer[];
  /** The count the published production calendar gives; a test holds the computation to it. */
  expectedWorkingDays?: number;
}

const ISLAMIC_DATE = new Intl.DateTimeFormat('en-u-ca-islamic-umalqura', {
  month: 'numeric',
  day: 'numeric',
  timeZone: 'UTC',
});

/**
 * First day of Kurban ait (10 Dhu al-Hijjah, Umm al-Qura calendar) in a Gregorian year. It agrees with the days the
 * government declared for 2024–2026; later years are a forecast until the yearly order confirms them, which is why a
 * published year file lists the date explicitly.
 */
export function kurbanAitDates(year: number): IsoDate[] {
  const found: IsoDate[] = [];
  for (let at = Date.UTC(year, 0, 1); at < Date.UTC(year + 1, 0, 1); at += 86_400_000) {
    let month = 0;
    let day = 0;
    for (const part of ISLAMIC_DATE.formatToParts(new Date(at))) {
      if (part.type === 'month') month = Number(part.value);
      else if (part.type === 'day') day = Number(part.value);
    }
    if (month === 12 && day === 10) found.push(new Date(at).toISOString().slice(0, 10));
  }
  return found;
}

/**
 * The days off the law gives for a year (Law "On holidays", art. 5, with its amendments): Constitution Day is 30 Aug
 * up to and including 2025 and 15 Mar from 2027 (none in 2026); Republic Day (25 Oct) since 2022; Independence Day is
 * 16–17 Dec until 2021 and 16 Dec since 2022.
 */
export function legalHolidays(year: number): Holiday[] {
  const day = (month: number, dayOfMonth: number, name: HolidayName, movesOffWeekend = true): Holiday => ({
    date: formatIsoDate({ year, month, day: dayOfMonth }),
    name,
    movesOffWeekend,
  });
  const holidays: Holiday[] = [
    day(1, 1, 'new_year'),
    day(1, 2, 'new_year'),
    day(1, 7, 'orthodox_christmas', false),
    day(3, 8, 'international_womens_day'),
    day(3, 21, 'nauryz'),
    day(3, 22, 'nauryz'),
    day(3, 23, 'nauryz'),
    day(5, 1, 'unity_day'),
    day(5, 7, 'defender_of_the_fatherland_day'),
    day(5, 9, 'victory_day'),
    day(7, 6, 'capital_day'),
    day(12, 16, 'independence_day'),
  ];
  if (year <= 2025) holidays.push(day(8, 30, 'constitution_day'));
  if (year >= 2027) holidays.push(day(3, 15, 'constitution_day'));
  if (year >= 2022) holidays.push(day(10, 25, 'republic_day'));
  if (year <= 2021) holidays.push(day(12, 17, 'independence_day'));
  for (const date of kurbanAitDates(year)) holidays.push({ date, name: 'kurban_ait', movesOffWeekend: false });
  return holidays.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/** A year for which no file is published: the legal rule alone, no transfers. */
export function legalRuleYear(year: number): CalendarYearData {
  return {
    year,
    basis: 'legal_rule',
    sources: ['Law of the Republic of Kazakhstan "On holidays" No. 267-II of 2001-12-13, art. 5 (legal rule only)'],
    holidays: legalHolidays(year),
    transfers: [],
  };
}
