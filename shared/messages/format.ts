import { parseIsoDate, parsePeriod } from '../domain/dates';

/** The languages citizens can choose; Kazakh is the default (BRIEF 1). */
export const LANGUAGES = ['kk', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'kk';

/** Intl locales per language: the same ones format dates, money and Fluent's plural rules. */
export const LOCALES: Readonly<Record<Language, string>> = { kk: 'kk-KZ', ru: 'ru-RU' };

// Built once per cold start: constructing Intl formatters is far slower than using them.
const dateFormats: Readonly<Record<Language, Intl.DateTimeFormat>> = {
  kk: dateFormat('kk'),
  ru: dateFormat('ru'),
};

/** A month and its year, for contributions listed by period. */
const monthFormats: Readonly<Record<Language, Intl.DateTimeFormat>> = {
  kk: monthFormat('kk'),
  ru: monthFormat('ru'),
};

/** Whole tenge, and tenge with tiyn. */
const moneyFormats: Readonly<Record<Language, readonly [Intl.NumberFormat, Intl.NumberFormat]>> = {
  kk: [moneyFormat('kk', 0), moneyFormat('kk', 2)],
  ru: [moneyFormat('ru', 0), moneyFormat('ru', 2)],
};

function dateFormat(language: Language): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'long', timeZone: 'UTC' });
}

function monthFormat(language: Language): Intl.DateTimeFormat {
  return new Intl.DateTimeFormat(LOCALES[language], { year: 'numeric', month: 'long', timeZone: 'UTC' });
}

function moneyFormat(language: Language, fractionDigits: 0 | 2): Intl.NumberFormat {
  return new Intl.NumberFormat(LOCALES[language], {
    style: 'currency',
    currency: 'KZT',
    // `symbol` gives «KZT» in ru-RU; `narrowSymbol` gives «₸» in both languages.
    currencyDisplay: 'narrowSymbol',
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  });
}

/**
 * A Kazakhstan calendar date (`YYYY-MM-DD`) as people read it: kk «2026 ж. 13 мамыр», ru «13 мая 2026 г.».
 * The ISO date is already a Kazakhstan date, so it is formatted at UTC midnight in UTC and never shifts a day.
 */
export function formatDate(language: Language, isoDate: string): string {
  const date = parseIsoDate(isoDate);
  if (!date) throw new RangeError(`not a calendar date: ${isoDate}`);
  return dateFormats[language].format(new Date(Date.UTC(date.year, date.month - 1, date.day)));
}

/**
 * A period (`YYYY-MM`) as people read a month: kk «2026 ж. наурыз», ru «март 2026 г.» (the nominative month name, as
 * Intl prints a month with its year). Formatted on the 1st at UTC midnight in UTC, so it never slips into another month.
 */
export function formatMonth(language: Language, period: string): string {
  const index = parsePeriod(period);
  if (index === undefined) throw new RangeError(`not a period: ${period}`);
  return monthFormats[language].format(new Date(Date.UTC(Math.floor(index / 12), index % 12, 1)));
}

/**
 * An amount in tiyn (1 ₸ = 100 tiyn) as tenge with grouping: «12 000 ₸», and «4 250,50 ₸» only when there are tiyn.
 * Intl separates groups and the sign with a no-break space (U+00A0), so an amount never wraps across lines.
 */
export function formatMoney(language: Language, tiyn: number): string {
  if (!Number.isSafeInteger(tiyn)) throw new RangeError(`money must be a whole number of tiyn: ${tiyn}`);
  const [whole, withTiyn] = moneyFormats[language];
  return (tiyn % 100 === 0 ? whole : withTiyn).format(tiyn / 100);
}

/**
 * A text progress bar for a period, e.g. `▓▓▓▓░░░░░░ 18/45`: `elapsed` is clamped to 0..total and the filled part is
 * rounded to the nearest cell.
 */
export function progressBar(elapsed: number, total: number, width = 10): string {
  if (!Number.isInteger(total) || total <= 0) throw new RangeError(`total must be a positive whole number: ${total}`);
  if (!Number.isInteger(width) || width <= 0) throw new RangeError(`width must be a positive whole number: ${width}`);
  if (!Number.isFinite(elapsed)) throw new RangeError(`elapsed must be a finite number: ${elapsed}`);
  const done = Math.min(Math.max(elapsed, 0), total);
  const filled = Math.round((done / total) * width);
  return `${'▓'.repeat(filled)}${'░'.repeat(width - filled)} ${done}/${total}`;
}
