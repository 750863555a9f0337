/**
 * Calendar dates, months and Kazakhstan time, as plain values.
 *
 * A legal date is an ISO `YYYY-MM-DD` string in Kazakhstan time; internally it is an "epoch day" (days since
 * 1970-01-01), so arithmetic is integer arithmetic. Nothing here reads the clock.
 */

/** `YYYY-MM-DD`, a day in Kazakhstan time. */
export type IsoDate = string;
/** `YYYY-MM`, a contribution period (a calendar month). */
export type Period = string;
/** Milliseconds since the Unix epoch: an exact moment. */
export type Instant = number;

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/** The inverse of {@link daysFromCivil}. */
export function civilFromDays(epochDay: number): CivilDate {
  const z = epochDay + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses `YYYY-MM-DD` and rejects impossible dates such as 2026-02-30; `undefined` when it is not a real date. */
export function parseIsoDate(text: string): CivilDate | undefined {
  const match = ISO_DATE.exec(text);
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return { year, month, day };
}

export function isIsoDate(text: string): boolean {
  return parseIsoDate(text) !== undefined;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pad4(n: number): string {
  return String(n).padStart(4, '0');
}

export function formatIsoDate({ year, month, day }: CivilDate): IsoDate {
  return `${pad4(year)}-${pad2(month)}-${pad2(day)}`;
}

/**
 * Epoch day of a date that is already known to be valid (hot path: no regex, no allocation).
 * Use {@link parseIsoDate} for input from outside.
 */
export function toEpochDay(date: IsoDate): number {
  const year =
    (date.charCodeAt(0) - 48) * 1000 +
    (date.charCodeAt(1) - 48) * 100 +
    (date.charCodeAt(2) - 48) * 10 +
    (date.charCodeAt(3) - 48);
  const month = (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48);
  const day = (date.charCodeAt(8) - 48) * 10 + (date.charCodeAt(9) - 48);
  return daysFromCivil(year, month, day);
}

export function fromEpochDay(epochDay: number): IsoDate {
  return formatIsoDate(civilFromDays(epochDay));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** 0 = Monday … 6 = Sunday. */
export function isoWeekday(epochDay: number): number {
  // 1970-01-01 was a Thursday (3).
  return (((epochDay + 3) % 7) + 7) % 7;
}

export function isWeekend(epochDay: number): boolean {
  return isoWeekday(epochDay) >= 5;
}

// ── Periods (months) ──────────────────────────────────────────────────────────────────────────────────────────────

const PERIOD = /^(\d{4})-(\d{2})$/;

/** Months since year 0 of a `YYYY-MM` period, or `undefined` when it is not a real month (e.g. 2026-13). */
export function parsePeriod(text: string): number | undefined {
  const match = PERIOD.exec(text);
  if (!match) return undefined;
  const month = Number(match[2]);
  if (month < 1 || month > 12) return undefined;
  return Number(match[1]) * 12 + month - 1;
}

export function periodIndex(period: Period): number {
  const index = parsePeriod(period);
  if (index === undefined) throw new RangeError(`not a period: ${period}`);
  return index;
}

export function formatPeriod(index: number): Period {
  return `${pad4(Math.floor(index / 12))}-${pad2((index % 12) + 1)}`;
}

export function addMonths(period: Period, months: number): Period {
  return formatPeriod(periodIndex(period) + months);
}

/** The last day of a period, e.g. `2026-02` → `2026-02-28`. */
export function lastDayOfPeriod(period: Period): IsoDate {
  const index = periodIndex(period);
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return formatIsoDate({ year, month, day: daysInMonth(year, month) });
}

/** The given day of a period, clamped to the month's length. */
export function dayOfPeriod(period: Period, day: number): IsoDate {
  const index = periodIndex(period);
  const year = Math.floor(index / 12);
  const month = (index % 12) + 1;
  return formatIsoDate({ year, month, day: Math.min(day, daysInMonth(year, month)) });
}

export function periodOfDate(date: IsoDate): Period {
  return date.slice(0, 7);
}

// ── Kazakhstan time ───────────────────────────────────────────────────────────────────────────────────────────────

/** 2024-03-01T00:00 in Almaty time before the change (UTC+6), when the whole country moved to UTC+5. */
const SINGLE_ZONE_SINCE: Instant = Date.UTC(2024, 1, 29, 18, 0, 0);

/**
 * Kazakhstan's offset from UTC in minutes at a moment (IANA `Asia/Almaty`): +5 h since 2024-03-01, +6 h before.
 * Legal dates are never computed in UTC (BRIEF 2).
 */
export function kazakhstanOffsetMinutes(at: Instant): number {
  return at >= SINGLE_ZONE_SINCE ? 300 : 360;
}

export interface LocalTime {
  date: IsoDate;
  /** Minutes since local midnight. */
  minuteOfDay: number;
}

/** The Kazakhstan calendar date and wall-clock minute of a moment. */
export function toKazakhstanTime(at: Instant): LocalTime {
  const shifted = at + kazakhstanOffsetMinutes(at) * 60_000;
  const epochDay = Math.floor(shifted / MS_PER_DAY);
  return { date: fromEpochDay(epochDay), minuteOfDay: Math.floor((shifted - epochDay * MS_PER_DAY) / 60_000) };
}

export function kazakhstanDate(at: Instant): IsoDate {
  return toKazakhstanTime(at).date;
}

/** The moment at which a Kazakhstan wall clock shows `date` and `hh:mm`. */
export function kazakhstanInstant(date: IsoDate, hour = 0, minute = 0): Instant {
  const naive = toEpochDay(date) * MS_PER_DAY + (hour * 60 + minute) * 60_000;
  // The offset changed once (2024-03-01, 00:00 local), never inside an hour we schedule at, so one correction is exact.
  return naive - kazakhstanOffsetMinutes(naive - 300 * 60_000) * 60_000;
}

/** ISO-8601 with the Kazakhstan offset, e.g. `2026-05-13T10:00:00+05:00`: how we show and store local moments. */
export function formatKazakhstanInstant(at: Instant): string {
  const offset = kazakhstanOffsetMinutes(at);
  const local = new Date(at + offset * 60_000).toISOString().slice(0, 19);
  return `${local}+${pad2(Math.floor(offset / 60))}:${pad2(offset % 60)}`;
}

const ISO_INSTANT_WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Parses an ISO-8601 date-time that carries its offset (`Z` or `±hh:mm`); `undefined` for anything else. */
export function parseInstant(text: string): Instant | undefined {
  if (!ISO_INSTANT_WITH_OFFSET.test(text) || !isIsoDate(text.slice(0, 10))) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : at;
}
