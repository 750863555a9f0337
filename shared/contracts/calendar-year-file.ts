import { HOLIDAY_NAMES } from '../domain/calendar/holidays';
import type { CalendarYearFile } from '../domain/calendar/year-file';
import { isWeekend, toEpochDay } from '../domain/dates';
import * as z from './zod';

const calendarDate = z.iso.date({ error: 'must be a real calendar date YYYY-MM-DD' });

import type { ParseResult } from './parse';
import { describeIssues } from './parse';

const inYear = (year: number, date: string) => date.startsWith(`${year}-`);

/** A calendar year file from an operator (see `docs/calendar.md`): checked before the calendar uses it. */
export const calendarYearFileSchema = z
  .strictObject({
    year: z.int().check(z.minimum(1990), z.maximum(2200)),
    sources: z
      .array(z.string().check(z.minLength(1)))
      .check(z.minLength(1, { error: 'name at least one source (the law or the order)' })),
    holidays: z.optional(
      z.array(z.strictObject({ date: calendarDate, name: z.enum(HOLIDAY_NAMES), movesOffWeekend: z.boolean() })),
    ),
    transfers: z.array(
      z.strictObject({ workedOn: calendarDate, dayOffOn: calendarDate, source: z.string().check(z.minLength(1)) }),
    ),
    expectedWorkingDays: z.optional(z.int().check(z.minimum(0), z.maximum(366))),
  })
  .check(
    z.superRefine((file, ctx) => {
      file.holidays?.forEach((holiday, index) => {
        if (!inYear(file.year, holiday.date)) {
          ctx.addIssue({ code: 'custom', path: ['holidays', index, 'date'], message: `is not in ${file.year}` });
        }
      });
      file.transfers.forEach((transfer, index) => {
        for (const key of ['workedOn', 'dayOffOn'] as const) {
          if (!inYear(file.year, transfer[key])) {
            ctx.addIssue({ code: 'custom', path: ['transfers', index, key], message: `is not in ${file.year}` });
          }
        }
        if (!isWeekend(toEpochDay(transfer.workedOn))) {
          ctx.addIssue({
            code: 'custom',
            path: ['transfers', index, 'workedOn'],
            message: 'must be a Saturday or Sunday',
          });
        }
        if (isWeekend(toEpochDay(transfer.dayOffOn))) {
          ctx.addIssue({
            code: 'custom',
            path: ['transfers', index, 'dayOffOn'],
            message: 'must be a weekday (Mon–Fri)',
          });
        }
      });
    }),
  );

export function parseCalendarYearFile(input: unknown): ParseResult<CalendarYearFile> {
  const parsed = calendarYearFileSchema.safeParse(input);
  if (!parsed.success) return { ok: false, ...describeIssues(parsed.error.issues) };
  return { ok: true, value: parsed.data };
}
