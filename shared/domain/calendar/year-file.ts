import type { CalendarYearData, DayOffTransfer, Holiday } from './holidays';
import { legalHolidays } from './holidays';

/**
 * A year file as operators write it (`shared/domain/calendar/years/YYYY.json`, or a file given at run time): the
 * sources, the year's transfers, and — only where the year differs from the law's list — its holidays. Without
 * `holidays` the law's list is used, so adding next year's ministry order is a four-line file, not a code change.
 * Files from outside are checked by `calendarYearFileSchema` in `shared/contracts/` before they get here.
 */
export interface CalendarYearFile {
  year: number;
  sources: string[];
  holidays?: Holiday[];
  transfers: DayOffTransfer[];
  expectedWorkingDays?: number;
}

export function yearFromFile(file: CalendarYearFile): CalendarYearData {
  return {
    year: file.year,
    basis: 'published',
    sources: file.sources,
    holidays: file.holidays ?? legalHolidays(file.year),
    transfers: file.transfers,
    ...(file.expectedWorkingDays === undefined ? {} : { expectedWorkingDays: file.expectedWorkingDays }),
  };
}
