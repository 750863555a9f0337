import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCalendarYearFile } from '../../shared/contracts/calendar-year-file';
import { CalendarYearError } from '../../shared/domain/calendar/errors';
import { kurbanAitDates, legalHolidays } from '../../shared/domain/calendar/holidays';
import { kazakhstanCalendar, PUBLISHED_YEARS } from '../../shared/domain/calendar/published-years';
import { WorkingCalendar } from '../../shared/domain/calendar/working-calendar';
import year2024 from '../../shared/domain/calendar/years/2024.json' with { type: 'json' };
import year2025 from '../../shared/domain/calendar/years/2025.json' with { type: 'json' };
import year2026 from '../../shared/domain/calendar/years/2026.json' with { type: 'json' };
import { addDays, daysFromCivil, fromEpochDay } from '../../shared/domain/dates';

const calendar = kazakhstanCalendar();

describe('published calendars', () => {
  it.each([
    [2024, 249],
    [2025, 246],
    [2026, 247],
  ])('%i has %i working days, as the published production calendar says', (year, count) => {
    expect(calendar.workingDaysInYear(year)).toBe(count);
    expect(calendar.yearData(year).basis).toBe('published');
    expect(calendar.yearData(year).expectedWorkingDays).toBe(count);
  });

  it('lists the 2026 weekday days off, with the whole Nauryz shift (23, 24 and 25 March)', () => {
    expect(calendar.yearSummary(2026).daysOff).toEqual([
      '2026-01-01',
      '2026-01-02',
      '2026-01-07',
      '2026-03-09',
      '2026-03-23',
      '2026-03-24',
      '2026-03-25',
      '2026-05-01',
      '2026-05-07',
      '2026-05-11',
      '2026-05-27',
      '2026-07-06',
      '2026-10-26',
      '2026-12-16',
    ]);
    expect(calendar.yearSummary(2026).workedWeekends).toEqual([]);
  });

  it('applies the ministry transfers of 2024 and 2025', () => {
    expect(calendar.isWorkingDay('2024-05-04')).toBe(true);
    expect(calendar.isWorkingDay('2024-05-08')).toBe(false);
    expect(calendar.isWorkingDay('2025-01-05')).toBe(true);
    expect(calendar.isWorkingDay('2025-01-03')).toBe(false);
    expect(calendar.yearSummary(2025).workedWeekends).toEqual(['2025-01-05']);
  });

  it('does not move 7 January or Kurban ait off a weekend', () => {
    expect(calendar.isWorkingDay('2024-01-08')).toBe(true); // 7 Jan 2024 was a Sunday
    expect(calendar.isWorkingDay('2024-06-17')).toBe(true); // Kurban ait 2024 was a Sunday
    expect(calendar.isWorkingDay('2026-05-27')).toBe(false);
  });

  it('moves Constitution Day: 30 Aug through 2025, none in 2026, 15 Mar from 2027', () => {
    expect(calendar.isWorkingDay('2025-09-01')).toBe(false); // 30 Aug 2025 was a Saturday
    expect(calendar.isWorkingDay('2026-08-31')).toBe(true);
    expect(calendar.isWorkingDay('2026-03-16')).toBe(true);
    expect(calendar.isWorkingDay('2027-03-15')).toBe(false);
  });

  it('ships year files that the legal rule reproduces holiday for holiday, so the fallback is the same rule', () => {
    for (const year of PUBLISHED_YEARS) expect(year.holidays).toEqual(legalHolidays(year.year));
  });

  it('ships year files that pass the operator file schema', () => {
    for (const file of [year2024, year2025, year2026]) expect(parseCalendarYearFile(file).ok).toBe(true);
  });

  it('computes Kurban ait for years without a file from the Umm al-Qura calendar', () => {
    expect(kurbanAitDates(2024)).toEqual(['2024-06-16']);
    expect(kurbanAitDates(2025)).toEqual(['2025-06-06']);
    expect(kurbanAitDates(2026)).toEqual(['2026-05-27']);
    expect(calendar.yearData(2027).basis).toBe('legal_rule');
    expect(calendar.isWorkingDay(kurbanAitDates(2027)[0] ?? '')).toBe(false);
  });
});

describe('operator year files', () => {
  it('adds a year of transfers without a code change and keeps the law for its holidays', () => {
    const parsed = parseCalendarYearFile({
      year: 2027,
      sources: ['Order on the transfer of days off in 2027 (example)'],
      transfers: [{ workedOn: '2027-01-09', dayOffOn: '2027-01-08', source: 'example order' }],
    });
    if (!parsed.ok) throw new Error(parsed.reason);
    const withOrder = kazakhstanCalendar([parsed.value]);
    expect(withOrder.isWorkingDay('2027-01-09')).toBe(true);
    expect(withOrder.isWorkingDay('2027-01-08')).toBe(false);
    expect(withOrder.workingDaysInYear(2027)).toBe(calendar.workingDaysInYear(2027));
    expect(withOrder.yearData(2027).basis).toBe('published');
    expect(withOrder.isWorkingDay('2027-03-15')).toBe(false);
  });

  it('rejects a file whose dates are outside its year, naming the field', () => {
    const parsed = parseCalendarYearFile({
      year: 2027,
      sources: ['x'],
      transfers: [{ workedOn: '2026-01-09', dayOffOn: '2027-01-08', source: 'x' }],
    });
    expect(parsed).toMatchObject({ ok: false, reason: 'transfers.0.workedOn: is not in 2027' });
  });

  it('refuses a transfer whose worked day is not a weekend day, when the calendar is made', () => {
    const broken = () =>
      new WorkingCalendar([
        {
          year: 2027,
          basis: 'published',
          sources: ['x'],
          holidays: [],
          transfers: [{ workedOn: '2027-01-05', dayOffOn: '2027-01-08', source: 'x' }],
        },
      ]);
    expect(broken).toThrow(new CalendarYearError(2027, 'transfer: 2027-01-05 is not a Saturday or Sunday'));
  });

  it('checks transfer days in the file schema: worked day on a weekend, day off on a weekday', () => {
    const parsed = parseCalendarYearFile({
      year: 2027,
      sources: ['x'],
      transfers: [{ workedOn: '2027-01-08', dayOffOn: '2027-01-10', source: 'x' }],
    });
    expect(parsed).toMatchObject({
      ok: false,
      reason: 'transfers.0.workedOn: must be a Saturday or Sunday; transfers.0.dayOffOn: must be a weekday (Mon–Fri)',
    });
  });

  it('holds an operator file to its expected count of working days', () => {
    const file = { year: 2027, sources: ['x'], transfers: [], expectedWorkingDays: 200 };
    expect(() => kazakhstanCalendar([file])).toThrow(
      /calendar 2027: computes 247 working days but the file expects 200/,
    );
  });

  it('refuses two files for the same year', () => {
    const file = { year: 2027, sources: ['x'], transfers: [] };
    expect(() => kazakhstanCalendar([file, file])).toThrow('calendar 2027: two files are given for the same year');
  });
});

describe('working-day arithmetic', () => {
  it('starts a period the day after its event, even when the event day is a working day', () => {
    expect(calendar.addWorkingDays('2026-03-19', 1)).toBe('2026-03-20'); // Thu → Fri
    expect(calendar.addWorkingDays('2026-03-20', 1)).toBe('2026-03-26'); // Fri → (weekend, Nauryz) → Thu
    expect(calendar.addWorkingDays('2026-03-21', 1)).toBe('2026-03-26'); // from a day off
  });

  it('finds the 45th working day across Nauryz and the May holidays', () => {
    expect(calendar.addWorkingDays('2026-03-20', 45)).toBe('2026-06-02');
  });

  it('crosses the new year', () => {
    expect(calendar.addWorkingDays('2026-12-30', 2)).toBe('2027-01-05');
    expect(calendar.workingDaysBefore('2027-01-05', 1)).toBe('2026-12-31'); // 1 and 4 Jan 2027 are days off
  });

  it('counts nothing for n = 0 and refuses negative or fractional counts and far-away years', () => {
    expect(calendar.addWorkingDays('2026-03-21', 0)).toBe('2026-03-21');
    expect(() => calendar.addWorkingDays('2026-03-21', -1)).toThrow(RangeError);
    expect(() => calendar.addWorkingDays('2026-03-21', 1.5)).toThrow(RangeError);
    expect(() => calendar.isWorkingDay('1850-01-01')).toThrow(CalendarYearError);
  });

  const day = fc.integer({ min: daysFromCivil(2023, 1, 1), max: daysFromCivil(2029, 12, 31) }).map(fromEpochDay);
  const count = fc.integer({ min: 0, max: 400 });

  it('agrees with walking the calendar one day at a time', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 1, max: 120 }), (from, n) => {
        let cursor = from;
        for (let seen = 0; seen < n; ) {
          cursor = addDays(cursor, 1);
          if (calendar.isWorkingDay(cursor)) seen += 1;
        }
        expect(calendar.addWorkingDays(from, n)).toBe(cursor);
      }),
    );
  });

  it('lands on a working day, is monotonic, and is undone by counting back and between', () => {
    fc.assert(
      fc.property(day, day, count, count, (a, b, m, n) => {
        const end = calendar.addWorkingDays(a, n + 1);
        expect(calendar.isWorkingDay(end)).toBe(true);
        expect(calendar.workingDaysBetween(a, end)).toBe(n + 1);
        expect(calendar.workingDaysBefore(end, n + 1) <= a).toBe(true);
        expect(calendar.addWorkingDays(calendar.workingDaysBefore(end, n), n)).toBe(end);
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(calendar.addWorkingDays(early, m) <= calendar.addWorkingDays(late, m)).toBe(true);
        const [few, many] = m <= n ? [m, n] : [n, m];
        expect(calendar.addWorkingDays(a, few) <= calendar.addWorkingDays(a, many)).toBe(true);
      }),
    );
  });
});
