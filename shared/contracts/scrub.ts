import { daysInMonth } from '../domain/dates';
import { checkIin } from '../domain/iin';

/**
 * The one scrubber for text that crosses our boundary: upstream free text before it is stored (`rejectReason`) and
 * every rejection reason before it is logged or dead-lettered (zod may quote a key or a value).
 *
 * What it catches: personal numbers as people and systems write them — an IIN or a phone as one run of digits or
 * split by separators (`85041_53001_21`, `7701/555/0123`, `+7 (701) 555-01-23`, `8 701 555 01 23`, `85.04.15.30…`).
 * A *number* is digit groups joined by up to {@link MAX_SEPARATOR_RUN} separator characters (white space and
 * `. _ - – — / \ | ( )`); a comma or a letter ends it. In a number:
 * - a date (`2026-03-10`, `10.03.2026`, `2026/03/10`) or a period (`2026-03`, `03.2026`) is kept;
 * - the other digits are masked, one `•` per digit, when there are {@link MIN_MASKED_DIGITS} or more of them — except
 *   an amount written with thousands separators (`4 250`, `1 250 000.50`, at most 9 integer digits);
 * - the whole number is masked, dates included, when any 12 consecutive digits of it are a valid IIN or any 10 form a
 *   Kazakhstan national number (7 and 9 digits): so an IIN cut to look like a date (`2001-03-15 0012`) is caught.
 * Short numbers (amounts, counts, years, periods, sizes) pass. Digits of other scripts are folded (NFKC) or masked.
 *
 * What it cannot catch: a name, or a number spelled with letters (`O` for `0`). That is why stored free text is also
 * length-capped (see `freeText` in `fields.ts`) and why nothing reads it but the operator.
 */
export const MIN_MASKED_DIGITS = 6;
/** Up to this many separator characters may stand between two digit groups of one number (`85041 - 53001`). */
export const MAX_SEPARATOR_RUN = 3;
/** The characters that may split one number; exported for the property test. */
export const NUMBER_SEPARATORS = [
  ' ',
  '\u00a0',
  '\u2009',
  '\t',
  '\n',
  '.',
  '_',
  '-',
  '–',
  '—',
  '/',
  '\\',
  '|',
  '(',
  ')',
];

const SEPARATOR = String.raw`[\s._\-\u2013\u2014/\\|()]`;
const NUMBER = new RegExp(String.raw`\+?\d+(?:${SEPARATOR}{1,${MAX_SEPARATOR_RUN}}\d+)*`, 'g');
const NATIONAL_PHONE = /7\d{9}/;
const THOUSANDS_AMOUNT = /^\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3}){1,2}(?:\.\d{1,2})?$/;
const OTHER_SCRIPT_DIGIT = /(?![0-9])\p{Nd}/gu;
const EARLIEST_YEAR = 1900;
const LATEST_YEAR = 2100;

/** One digit group of a number and the separator text in front of it (`+` or '' for the first). */
interface Group {
  before: string;
  digits: string;
}

const bullets = (count: number) => '•'.repeat(count);

function isYear(text: string): boolean {
  return text.length === 4 && Number(text) >= EARLIEST_YEAR && Number(text) <= LATEST_YEAR;
}

function isMonth(text: string): boolean {
  return text.length <= 2 && Number(text) >= 1 && Number(text) <= 12;
}

function isDate(year: string, month: string, day: string): boolean {
  if (!isYear(year) || !isMonth(month) || day.length > 2) return false;
  return Number(day) >= 1 && Number(day) <= daysInMonth(Number(year), Number(month));
}

/** How many groups from `at` form a date or a period written with one of `- . /` throughout; 0 when none. */
function dateLength(groups: readonly Group[], at: number): number {
  const [a, b, c] = [groups[at], groups[at + 1], groups[at + 2]];
  if (!a || !b || !/^[-./]$/.test(b.before)) return 0;
  if (c && c.before === b.before) {
    if (a.digits.length === 4 ? isDate(a.digits, b.digits, c.digits) : isDate(c.digits, b.digits, a.digits)) return 3;
  }
  if (isYear(a.digits) && b.digits.length === 2 && isMonth(b.digits)) return 2;
  if (isMonth(a.digits) && a.digits.length === 2 && isYear(b.digits)) return 2;
  return 0;
}

/** Whether a number's digits hide an IIN or a phone anywhere, whatever the separators made them look like. */
export function hidesPersonalNumber(digits: string): boolean {
  if (NATIONAL_PHONE.test(digits)) return true;
  for (let start = 0; start + 12 <= digits.length; start++) {
    if (checkIin(digits.slice(start, start + 12)).valid) return true;
  }
  return false;
}

/** A run of groups that is not a date: masked when long enough and not a thousands-grouped amount. */
function scrubSegment(groups: readonly Group[]): string {
  const [first, ...rest] = groups;
  if (!first) return '';
  const text = first.digits + rest.map((group) => group.before + group.digits).join('');
  const digitCount = text.replace(/\D/g, '').length;
  const keep = digitCount < MIN_MASKED_DIGITS || THOUSANDS_AMOUNT.test(text);
  return first.before + (keep ? text : bullets(digitCount));
}

function scrubNumber(number: string): string {
  const digits = number.replace(/\D/g, '');
  if (digits.length < MIN_MASKED_DIGITS) return number;
  if (hidesPersonalNumber(digits)) return bullets(digits.length);
  const groups = [...number.matchAll(/(\D*)(\d+)/g)].map(([, before = '', group = '']) => ({ before, digits: group }));
  let scrubbed = '';
  let segment: Group[] = [];
  for (let at = 0; at < groups.length; ) {
    const length = dateLength(groups, at);
    if (length === 0) {
      segment.push(groups[at] as Group);
      at += 1;
      continue;
    }
    const date = groups.slice(at, at + length);
    scrubbed += scrubSegment(segment) + date.map((group) => group.before + group.digits).join('');
    segment = [];
    at += length;
  }
  return scrubbed + scrubSegment(segment);
}

/** Masks personal numbers in a text (see the module comment); everything else is left as it was. */
export function scrubDigits(text: string): string {
  return text.normalize('NFKC').replace(OTHER_SCRIPT_DIGIT, '•').replace(NUMBER, scrubNumber);
}

/**
 * Whether an identifier carries an IIN: a run of exactly 12 digits that is a valid IIN, also when separators split it
 * (`pay-85041_53001_21`). Longer digit runs are not searched inside, so ordinary numeric ids (a 19-digit sequence
 * number) stay allowed.
 */
export function containsIin(text: string): boolean {
  for (const [number] of text.matchAll(NUMBER)) {
    const runs = number.match(/\d+/g) ?? [];
    for (let start = 0; start < runs.length; start++) {
      let digits = '';
      for (let end = start; end < runs.length && digits.length < 12; end++) digits += runs[end];
      if (digits.length === 12 && checkIin(digits).valid) return true;
    }
  }
  return false;
}
