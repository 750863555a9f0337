import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { containsIin, MAX_SEPARATOR_RUN, NUMBER_SEPARATORS, scrubDigits } from '../../shared/contracts/scrub';
import { checkIin, iinCheckDigit } from '../../shared/domain/iin';

/** A valid IIN from its first 11 digits, or undefined when no check digit exists for them. */
function withCheckDigit(first11: string): string | undefined {
  const check = iinCheckDigit(Array.from(first11, Number));
  return check === undefined ? undefined : `${first11}${check}`;
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

const validIin = fc
  .record({
    date: fc.date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2099-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
    sex: fc.integer({ min: 0, max: 1 }),
    serial: fc.integer({ min: 0, max: 9999 }),
  })
  .map(({ date, sex, serial }) => {
    const year = date.getUTCFullYear();
    const century = year < 2000 ? 3 + sex : 5 + sex;
    const yymmdd = `${pad(year % 100, 2)}${pad(date.getUTCMonth() + 1, 2)}${pad(date.getUTCDate(), 2)}`;
    return withCheckDigit(`${yymmdd}${century}${pad(serial, 4)}`);
  })
  .filter((iin): iin is string => iin !== undefined);

const separatorRun = fc
  .array(fc.constantFrom(...NUMBER_SEPARATORS), { minLength: 1, maxLength: MAX_SEPARATOR_RUN })
  .map((chars) => chars.join(''));

/** The digits of a number with an optional separator run between any two of them. */
const splitBySeparators = (digits: string) =>
  fc
    .array(fc.option(separatorRun, { nil: '' }), { minLength: digits.length - 1, maxLength: digits.length - 1 })
    .map((separators) => Array.from(digits, (digit, at) => digit + (separators[at] ?? '')).join(''));

/** Words around a number: letters, digits, punctuation; short enough never to hold a 10-digit number of their own. */
const words = fc.string({ unit: fc.constantFrom(...'abcАӘқ ,:;#=()-.0123456789'), maxLength: 6 });

const digitsOf = (text: string) => text.replace(/\D/g, '');

describe('scrubDigits', () => {
  it.each([
    ['IIN 85041_53001_21 is not found', 'IIN •••••••••••• is not found'],
    ['call 7701/555/0123', 'call •••••••••••'],
    ['phone +7 (701) 555-01-23', 'phone •••••••••••'],
    ['phone 8 701 555 01 23', 'phone •••••••••••'],
    ['phone 701.555.01.23', 'phone ••••••••••'],
    ['iin 850415 300121', 'iin ••••••••••••'],
    ['iin 8504 - 1530 - 0121', 'iin ••••••••••••'],
    ['iin ８５０４１５３００１２１', 'iin ••••••••••••'],
    ['account 1234567890123456', 'account ••••••••••••••••'],
    ['local number 555 01 23', 'local number •••••••'],
  ])('masks %j', (text, scrubbed) => {
    expect(scrubDigits(text)).toBe(scrubbed);
  });

  it.each([
    'paid on 2026-03-10 for 2026-02',
    'paid on 10.03.2026, again on 1.4.2026 and 2026/04/15',
    'from 01.03.2026 - 31.03.2026',
    'amount 4 250 ₸ (425 000 tiyn), or 1 250 000.50 ₸',
    '3 months, 45 working days, larger than 16384 bytes',
    'period 03.2026 and 2026.03',
  ])('keeps dates and short numbers in %j', (text) => {
    expect(scrubDigits(text)).toBe(text);
  });

  it('masks a date-shaped part when it is the start of an IIN, and the rest of a number beside a date', () => {
    const iin = withCheckDigit('20010315001') ?? withCheckDigit('20010315002');
    expect(iin && checkIin(iin).valid).toBe(true);
    const asDate = `${iin?.slice(0, 4)}-${iin?.slice(4, 6)}-${iin?.slice(6, 8)} ${iin?.slice(8)}`;
    expect(scrubDigits(`reason: ${asDate}.`)).toBe('reason: ••••••••••••.');
    expect(scrubDigits('on 2026-03-10 ref 98765432')).toBe('on 2026-03-10 ref ••••••••');
  });

  it('masks every valid IIN written with any separators, wherever it stands in a text', () => {
    fc.assert(
      fc.property(
        validIin.chain((iin) => fc.tuple(fc.constant(iin), words, splitBySeparators(iin), words)),
        ([iin, before, written, after]) => {
          const scrubbed = scrubDigits(`${before}${written}${after}`);
          expect(digitsOf(scrubbed)).not.toContain(iin);
          expect(scrubbed.split('•').length - 1).toBeGreaterThanOrEqual(12);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('masks every Kazakhstan phone number, with +7, 8 or no prefix and any separators', () => {
    const nationalNumber = fc.stringMatching(/^7\d{9}$/);
    fc.assert(
      fc.property(
        nationalNumber.chain((phone) =>
          fc.tuple(fc.constant(phone), fc.constantFrom('+7', '8', '7', ''), words, splitBySeparators(phone), words),
        ),
        ([phone, prefix, before, written, after]) => {
          const scrubbed = scrubDigits(`${before}${prefix}${written}${after}`);
          expect(digitsOf(scrubbed)).not.toContain(phone);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('keeps every date written YYYY-MM-DD, DD.MM.YYYY, YYYY/MM/DD or YYYY.MM.DD among words', () => {
    const date = fc.date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2100-12-31T00:00:00Z'),
      noInvalidDate: true,
    });
    const letters = fc.string({ unit: fc.constantFrom(...'abc ӘқЖ,:;'), maxLength: 8 });
    fc.assert(
      fc.property(date, fc.integer({ min: 0, max: 3 }), letters, letters, (when, style, before, after) => {
        const [y, m, d] = [pad(when.getUTCFullYear(), 4), pad(when.getUTCMonth() + 1, 2), pad(when.getUTCDate(), 2)];
        const written = [`${y}-${m}-${d}`, `${d}.${m}.${y}`, `${y}/${m}/${d}`, `${y}.${m}.${d}`][style] ?? '';
        const text = `${before} ${written} ${after}`;
        expect(scrubDigits(text)).toBe(text.normalize('NFKC'));
      }),
      { numRuns: 1000 },
    );
  });

  it('is idempotent: scrubbed text scrubs to itself', () => {
    const text = fc.string({ unit: fc.constantFrom(...'0123456789 -./_()+ab'), maxLength: 40 });
    fc.assert(
      fc.property(text, (value) => {
        expect(scrubDigits(scrubDigits(value))).toBe(scrubDigits(value));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('containsIin (for ids)', () => {
  it.each(['pay-850415300121', 'pay-85041_53001_21', '850415300121', 'case.8504.1530.0121.x'])(
    'finds the IIN in %j',
    (id) => {
      expect(containsIin(id)).toBe(true);
    },
  );

  it.each([
    'OB-2026-000451',
    'gk-pay-2026-05-000187',
    '1234567890123456789',
    '000000000000',
    '850415300122',
    'pay-8504153001210',
  ])('allows the ordinary id %j', (id) => {
    expect(containsIin(id)).toBe(false);
  });

  it('finds every valid IIN split by id-safe separators', () => {
    const idSeparator = fc.constantFrom('-', '_', '.', '/', '|');
    fc.assert(
      fc.property(
        validIin.chain((iin) =>
          fc.tuple(fc.constant(iin), fc.array(fc.option(idSeparator, { nil: '' }), { minLength: 11, maxLength: 11 })),
        ),
        ([iin, separators]) => {
          const written = Array.from(iin, (digit, at) => digit + (separators[at] ?? '')).join('');
          expect(containsIin(`src-${written}-x`)).toBe(true);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
