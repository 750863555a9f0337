import { kazakhstanDate, parseInstant } from '../domain/dates';
import { checkIin } from '../domain/iin';
import { containsIin, scrubDigits } from './scrub';
import * as z from './zod';

/** Field schemas shared by every event; each names what it expects in its error, never echoing the value. */

/** Dates in events must fall in this window: anything else is a typo upstream, not a legal date we can compute. */
export const EVENT_YEARS = { first: 2000, last: 2100 } as const;

const inEventYears = (text: string) => {
  const year = Number(text.slice(0, 4));
  return year >= EVENT_YEARS.first && year <= EVENT_YEARS.last;
};

export const isoDate = z.iso
  .date({ error: 'must be a real calendar date YYYY-MM-DD' })
  .check(z.refine(inEventYears, { error: `must be a date from ${EVENT_YEARS.first} to ${EVENT_YEARS.last}` }));

export const isoDateTime = z
  .string({ error: 'must be an ISO-8601 date-time with an offset' })
  .check(
    z.refine((text) => parseInstant(text) !== undefined, {
      error: 'must be an ISO-8601 date-time with an offset (Z or ±hh:mm), e.g. 2026-05-20T11:42:07+05:00',
      abort: true,
    }),
    z.refine(inEventYears, { error: `must be a date-time from ${EVENT_YEARS.first} to ${EVENT_YEARS.last}` }),
  )
  .register(z.globalRegistry, {
    format: 'date-time',
    description: 'ISO-8601 date-time with an offset (Z or ±hh:mm); seconds optional',
  });

export const period = z
  .string({ error: 'must be a month YYYY-MM' })
  .check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/, { error: 'must be a real month YYYY-MM (01–12)' }));

/**
 * Printable ASCII without spaces: ids travel into keys, schedule names and logs, so they must not carry an IIN
 * (BRIEF 4: no IIN at rest outside the HMAC keys). A digit run that is a valid IIN, also split by separators
 * (`pay-85041_53001_21`), is refused; other numeric ids, however long, stay allowed.
 */
export const identifier = (what: string, max = 128) =>
  z
    .string({ error: `${what} must be a string` })
    .check(
      z.regex(new RegExp(`^[\\x21-\\x7E]{1,${max}}$`), {
        error: `${what} must be 1–${max} printable ASCII characters without spaces`,
      }),
      z.refine((value) => !containsIin(value), {
        error: `${what} must not contain an IIN: ids are stored and logged, personal data may not be`,
      }),
    )
    .register(z.globalRegistry, {
      description: `1–${max} printable ASCII characters; must not contain a valid IIN (12 digits)`,
    });

export const iin = z
  .string({ error: 'must be an IIN: a string of 12 digits' })
  .check(
    z.regex(/^\d{12}$/, { error: 'must be an IIN of exactly 12 digits' }),
    z.superRefine((value, ctx) => {
      const check = checkIin(value);
      if (!check.valid) ctx.addIssue({ code: 'custom', message: `is not a valid IIN: ${check.detail}` });
    }),
  )
  .register(z.globalRegistry, {
    description: 'ЖСН / ИИН: 12 digits — birth date YYMMDD, century-and-sex digit, serial, check digit',
  });

export const phone = z
  .string({ error: 'must be a phone number' })
  .check(z.regex(/^\+7\d{10}$/, { error: 'must be a Kazakhstan phone in E.164 form: +7 and 10 digits' }));

/**
 * A legal entity's BIN. A BIN's 5th digit names the kind of entity (4–6), so it can never read as a valid IIN (whose
 * 5th–6th digits are a day of birth): a valid IIN here is an individual entrepreneur's personal number, refused so it
 * is never stored raw.
 */
export const bin = z.string({ error: 'must be a BIN' }).check(
  z.regex(/^\d{12}$/, { error: 'must be a BIN of exactly 12 digits' }),
  z.refine((value) => !checkIin(value).valid, { error: "must be the organisation's BIN, not a person's IIN" }),
);

/**
 * The largest amount one event may carry: 10^12 tiyn = 10 billion ₸. No law caps a treatment amount, so this is a
 * product limit, far above any real treatment amount or pension account, yet small enough that sums stay exact:
 * Number.MAX_SAFE_INTEGER (≈ 9.007 × 10^15) holds the total of more than 9,000 maximal amounts, far more than one
 * case or one citizen ever has. A larger value is a unit or typing mistake upstream, refused with a reason.
 */
export const MAX_AMOUNT_TIYN = 1_000_000_000_000;

export const tiyn = z
  .int({ error: 'must be a whole number of tiyn (1 ₸ = 100 tiyn)' })
  .check(
    z.nonnegative({ error: 'must not be negative' }),
    z.maximum(MAX_AMOUNT_TIYN, { error: 'must be at most 10^12 tiyn (10 billion ₸), the product limit per event' }),
  )
  .register(z.globalRegistry, {
    description: `Money in tiyn (1 ₸ = 100 tiyn), a whole number from 0 to ${MAX_AMOUNT_TIYN}`,
  });

export const positiveTiyn = tiyn.check(z.positive({ error: 'must be more than 0 tiyn' }));

export const stage = z.union([z.literal(1), z.literal(2)], { error: 'must be the stage number 1 or 2' });

export const currency = z
  .string({ error: 'must be a currency code' })
  .check(z.regex(/^[A-Z]{3}$/, { error: 'must be an ISO 4217 currency code such as KZT' }));

/**
 * Free text from upstream (e.g. `rejectReason`), scrubbed as it is parsed: every reader downstream — the store, the
 * logs, the ops CLI — only ever sees the scrubbed text. An IIN or a phone in any written form is masked (see
 * `scrub.ts`); dates and short numbers stay. A name cannot be told from other words, so the text is also capped at
 * `max` characters and kept for operators only. The JSON Schema shows the input (what integrators may send).
 */
export const freeText = (max: number) =>
  z
    .pipe(
      z
        .string({ error: 'must be a string' })
        .check(
          z.minLength(1, { error: 'must not be empty' }),
          z.maxLength(max, { error: `must be at most ${max} characters` }),
        ),
      z.transform((text: string) => Array.from(scrubDigits(text)).slice(0, max).join('')),
    )
    .register(z.globalRegistry, {
      description: `Free text, at most ${max} characters; IINs and phone numbers in it are masked on arrival`,
    });

/** The Kazakhstan calendar date of an ISO date-time already validated by {@link isoDateTime}. */
export function localDateOf(dateTime: string): string {
  return kazakhstanDate(parseInstant(dateTime) ?? Number.NaN);
}
