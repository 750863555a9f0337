import { CalendarYearError } from './errors';
import type { CalendarYearData } from './holidays';
import { WorkingCalendar } from './working-calendar';
import { type CalendarYearFile, yearFromFile } from './year-file';
import year2024 from './years/2024.json' with { type: 'json' };
import year2025 from './years/2025.json' with { type: 'json' };
import year2026 from './years/2026.json' with { type: 'json' };

/**
 * The years whose calendar is published (law plus the year's orders), shipped with the product. A test checks each
 * file against `calendarYearFileSchema` and against its expected count of working days.
 */
export const PUBLISHED_YEARS: readonly CalendarYearData[] = ([year2024, year2025, year2026] as CalendarYearFile[]).map(
  yearFromFile,
);

/**
 * The calendar the product uses: the published years, plus any year files operators supply at run time (they replace
 * a shipped year of the same number), the legal rule for every other year.
 */
export function kazakhstanCalendar(extraYears: readonly CalendarYearFile[] = []): WorkingCalendar {
  const byYear = new Map(PUBLISHED_YEARS.map((year) => [year.year, year]));
  const given = new Set<number>();
  for (const file of extraYears) {
    if (given.has(file.year)) throw new CalendarYearError(file.year, 'two files are given for the same year');
    given.add(file.year);
    byYear.set(file.year, yearFromFile(file));
  }
  return new WorkingCalendar([...byYear.values()]);
}
