import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addMonths,
  civilFromDays,
  daysFromCivil,
  formatKazakhstanInstant,
  fromEpochDay,
  kazakhstanDate,
  kazakhstanInstant,
  lastDayOfPeriod,
  parseInstant,
  parseIsoDate,
  parsePeriod,
  toEpochDay,
  toKazakhstanTime,
} from '../../shared/domain/dates';

describe('calendar dates', () => {
  it('round-trips every day between 1900 and 2200 through epoch days, agreeing with Date', () => {
    fc.assert(
      fc.property(fc.integer({ min: daysFromCivil(1900, 1, 1), max: daysFromCivil(2200, 12, 31) }), (day) => {
        const iso = fromEpochDay(day);
        expect(iso).toBe(new Date(day * 86_400_000).toISOString().slice(0, 10));
        expect(toEpochDay(iso)).toBe(day);
        const { year, month, day: dom } = civilFromDays(day);
        expect(daysFromCivil(year, month, dom)).toBe(day);
      }),
    );
  });

  it('rejects impossible dates and accepts 29 February only in leap years', () => {
    expect(parseIsoDate('2026-02-30')).toBeUndefined();
    expect(parseIsoDate('2025-02-29')).toBeUndefined();
    expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
    expect(parseIsoDate('2026-13-01')).toBeUndefined();
    expect(parseIsoDate('2026-1-01')).toBeUndefined();
  });

  it('rejects impossible periods and steps months across years', () => {
    expect(parsePeriod('2026-13')).toBeUndefined();
    expect(parsePeriod('2026-00')).toBeUndefined();
    expect(addMonths('2026-11', 3)).toBe('2027-02');
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(lastDayOfPeriod('2024-02')).toBe('2024-02-29');
    expect(lastDayOfPeriod('2026-09')).toBe('2026-09-30');
  });
});

describe('Kazakhstan time', () => {
  it('is UTC+5 since 2024-03-01 and UTC+6 (Almaty) before', () => {
    expect(formatKazakhstanInstant(Date.parse('2026-05-13T05:00:00Z'))).toBe('2026-05-13T10:00:00+05:00');
    expect(formatKazakhstanInstant(Date.parse('2024-01-15T04:00:00Z'))).toBe('2024-01-15T10:00:00+06:00');
  });

  it('puts 20:00 UTC on the next Kazakhstan day, never the UTC one', () => {
    expect(kazakhstanDate(Date.parse('2026-12-31T19:00:00Z'))).toBe('2027-01-01');
    expect(kazakhstanDate(Date.parse('2026-12-31T18:59:59Z'))).toBe('2026-12-31');
  });

  it('builds the moment a local wall clock shows a time, on both sides of the 2024 change', () => {
    expect(new Date(kazakhstanInstant('2026-06-03', 0, 0)).toISOString()).toBe('2026-06-02T19:00:00.000Z');
    expect(new Date(kazakhstanInstant('2024-02-10', 10, 0)).toISOString()).toBe('2024-02-10T04:00:00.000Z');
    expect(toKazakhstanTime(kazakhstanInstant('2026-05-18', 10, 0))).toEqual({ date: '2026-05-18', minuteOfDay: 600 });
  });

  it('accepts date-times only with an offset and a real date', () => {
    expect(parseInstant('2026-05-10T09:00+05:00')).toBe(Date.parse('2026-05-10T04:00:00Z'));
    expect(parseInstant('2026-05-10T09:00:00')).toBeUndefined();
    expect(parseInstant('2026-02-30T09:00:00Z')).toBeUndefined();
    expect(parseInstant('yesterday')).toBeUndefined();
  });
});
