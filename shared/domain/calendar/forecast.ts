import type { IsoDate } from '../dates';
import { CALENDAR_YEAR_RANGE, type WorkingCalendar } from './working-calendar';

/**
 * When any of `dates` falls in a year whose calendar is only the legal rule (the ministry has not published that
 * year's order yet, so its transfers of days off are unknown), the last year before it whose calendar is published:
 * the citizen is told "dates after <year> may move". Undefined when every date is in a published year.
 */
export function forecastAfterYear(
  calendar: WorkingCalendar,
  dates: readonly (IsoDate | null | undefined)[],
): number | undefined {
  const years = dates.flatMap((date) => (date ? [Number(date.slice(0, 4))] : []));
  const forecast = years.filter((year) => calendar.yearData(year).basis !== 'published');
  if (forecast.length === 0) return undefined;
  let year = Math.min(...forecast) - 1;
  // The year before the first forecast one is published, or it too is a forecast (then say the one before it).
  while (year > CALENDAR_YEAR_RANGE.first && calendar.yearData(year).basis !== 'published') year--;
  return year;
}
