import { daysInMonth, formatIsoDate, type IsoDate } from './dates';

/** Why a string is not a valid IIN (ЖСН / ИИН), one reason per kind of mistake so a citizen can be told which. */
export type IinProblem =
  | 'not_12_digits'
  | 'century_digit'
  | 'birth_date'
  | 'check_digit_mismatch'
  | 'check_digit_undefined';

export type Sex = 'male' | 'female';

export type IinCheck =
  | { valid: true; birthDate: IsoDate; sex: Sex }
  | { valid: false; problem: IinProblem; detail: string };

const FIRST_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const;
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2] as const;
const TWELVE_DIGITS = /^\d{12}$/;

function weightedSum(digits: readonly number[], weights: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < weights.length; i++) sum += (digits[i] ?? 0) * (weights[i] ?? 0);
  return sum % 11;
}

/**
 * The check digit of the first 11 digits of an IIN, or `undefined` when the IIN cannot exist (both sums give 10).
 * BRIEF 2.2: Σ dᵢ·wᵢ mod 11 with weights 1…11; if 10, again with 3…11,1,2; if still 10 the number is invalid.
 */
export function iinCheckDigit(digits: readonly number[]): number | undefined {
  const first = weightedSum(digits, FIRST_WEIGHTS);
  if (first !== 10) return first;
  const second = weightedSum(digits, SECOND_WEIGHTS);
  return second === 10 ? undefined : second;
}

/**
 * Validates an IIN (BRIEF 2.2): 12 digits; YYMMDD a real date; digit 7 gives century and sex (1/2 → 1800s, 3/4 →
 * 1900s, 5/6 → 2000s; odd male, even female); digit 12 the check digit. The result never repeats the IIN.
 */
export function checkIin(text: string): IinCheck {
  if (!TWELVE_DIGITS.test(text)) {
    return { valid: false, problem: 'not_12_digits', detail: 'an IIN is exactly 12 digits' };
  }
  const digits = Array.from(text, Number);
  const centuryDigit = digits[6] ?? 0;
  if (centuryDigit < 1 || centuryDigit > 6) {
    return { valid: false, problem: 'century_digit', detail: 'the 7th digit must be 1 to 6 (century and sex)' };
  }
  const year = 1800 + 100 * Math.floor((centuryDigit - 1) / 2) + Number(text.slice(0, 2));
  const month = Number(text.slice(2, 4));
  const day = Number(text.slice(4, 6));
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    return { valid: false, problem: 'birth_date', detail: 'the first 6 digits are not a real date of birth (YYMMDD)' };
  }
  const check = iinCheckDigit(digits);
  if (check === undefined) {
    return { valid: false, problem: 'check_digit_undefined', detail: 'no IIN can have these first 11 digits' };
  }
  if (check !== digits[11]) {
    return { valid: false, problem: 'check_digit_mismatch', detail: 'the check digit (12th) does not match' };
  }
  return {
    valid: true,
    birthDate: formatIsoDate({ year, month, day }),
    sex: centuryDigit % 2 === 1 ? 'male' : 'female',
  };
}

export function isValidIin(text: string): boolean {
  return checkIin(text).valid;
}

/**
 * The masked form kept for display (BRIEF 4): the first two and last two digits, e.g. `06••••••••12`. Anything that
 * is not 12 characters is masked whole, so a typo never leaks more than a valid IIN would.
 */
export function maskIin(text: string): string {
  if (text.length !== 12) return '•'.repeat(Math.min(Math.max(text.length, 1), 12));
  return `${text.slice(0, 2)}${'•'.repeat(8)}${text.slice(10)}`;
}
