import { parseIsoDate, parsePeriod } from '../domain/dates';

/** The languages citizens can choose; Kazakh is the default (BRIEF 1). */
export const LANGUAGES = ['kk', 'ru'] as const;
export type Language = (typeof LANGUAGES)[number];
export const DEFAULT_LANGUAGE: Language = 'kk';

/** Intl locales per language: the same ones format dates, money and Fluent's plural rules. */
export const LOCALES: Readonly<Record<Language, string>> = { kk: 'kk-KZ', ru: 'ru-RU' };

// Built once per cold start: constructing Intl formatters is far slower than using them. Kazakh dates and months are
// written by our own code: Intl prints «2026 ж. 2 маусым», while people write «2026 жылғы 2 маусым».
const russianDate = new Intl.DateTimeFormat(LOCALES.ru, { dateStyle: 'long', timeZone: 'UTC' });
const russianMonth = new Intl.DateTimeFormat(LOCALES.ru, { year: 'numeric', month: 'long', timeZone: 'UTC' });

/** Kazakh month names, January first (the nominative, as a date and a month name are written). */
const KAZAKH_MONTHS = [
  'қаңтар',
  'ақпан',
  'наурыз',
  'сәуір',
  'мамыр',
  'маусым',
  'шілде',
  'тамыз',
  'қыркүйек',
  'қазан',
  'қараша',
  'желтоқсан',
] as const;

const kazakhMonth = (month: number) => KAZAKH_MONTHS[month - 1] ?? '';

/** Whole tenge, and tenge with tiyn. */
const moneyFormats: Readonly<Record<Language, readonly [Intl.NumberFormat, Intl.NumberFormat]>> = {
  kk: [moneyFormat('kk', 0), moneyFormat('kk', 2)],
  ru: [moneyFormat('ru', 0), moneyFormat('ru', 2)],
};

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
 * A Kazakhstan calendar date (`YYYY-MM-DD`) as people read it: kk «2026 жылғы 13 мамыр», ru «13 мая 2026 г.».
 * The ISO date is already a Kazakhstan date, so the Russian one is formatted at UTC midnight in UTC and never shifts.
 */
export function formatDate(language: Language, isoDate: string): string {
  const date = parseIsoDate(isoDate);
  if (!date) throw new RangeError(`not a calendar date: ${isoDate}`);
  if (language === 'kk') return `${date.year} жылғы ${date.day} ${kazakhMonth(date.month)}`;
  return russianDate.format(new Date(Date.UTC(date.year, date.month - 1, date.day)));
}

/**
 * A period (`YYYY-MM`) as people read a month: kk «2026 жылғы наурыз», ru «март 2026 г.» (the nominative month name,
 * as Intl prints a month with its year; formatted on the 1st at UTC midnight in UTC, so it never slips a month).
 */
export function formatMonth(language: Language, period: string): string {
  const index = parsePeriod(period);
  if (index === undefined) throw new RangeError(`not a period: ${period}`);
  const year = Math.floor(index / 12);
  if (language === 'kk') return `${year} жылғы ${kazakhMonth((index % 12) + 1)}`;
  return russianMonth.format(new Date(Date.UTC(year, index % 12, 1)));
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
 * A text progress bar for a period, e.g. `▓▓▓▓▓▓▓░░░` for 35 of 45 working days (the counts are written by
 * the message beside it). `elapsed` is clamped to 0..total and the filled part is rounded down, so the bar is full
 * only when the whole period has gone by (the last day), never a day early.
 */
export function progressBar(elapsed: number, total: number, width = 10): string {
  if (!Number.isInteger(total) || total <= 0) throw new RangeError(`total must be a positive whole number: ${total}`);
  if (!Number.isInteger(width) || width <= 0) throw new RangeError(`width must be a positive whole number: ${width}`);
  if (!Number.isFinite(elapsed)) throw new RangeError(`elapsed must be a finite number: ${elapsed}`);
  const done = Math.min(Math.max(elapsed, 0), total);
  const filled = Math.floor((done / total) * width);
  return `${'▓'.repeat(filled)}${'░'.repeat(width - filled)}`;
}
