import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkIin, iinCheckDigit, maskIin } from '../../shared/domain/iin';
import { validIin, withCheckDigit } from '../helpers/iin';

describe('IIN', () => {
  it('accepts the documented example and reads birth date and sex from it', () => {
    expect(checkIin('061211600012')).toEqual({ valid: true, birthDate: '2006-12-11', sex: 'female' });
  });

  it('reads the century and sex digit: 1/2 → 1800s, 3/4 → 1900s, 5/6 → 2000s, odd male', () => {
    const first = withCheckDigit('85041530012');
    expect(first && checkIin(first)).toMatchObject({ valid: true, birthDate: '1985-04-15', sex: 'male' });
    const old = withCheckDigit('99123120001') ?? withCheckDigit('99123120002');
    expect(old && checkIin(old)).toMatchObject({ valid: true, birthDate: '1899-12-31', sex: 'female' });
  });

  it('uses the second weight set when the first sum gives 10', () => {
    // 0612116 0001: first sum mod 11 is 10, second gives 2 (BRIEF 2.2 example).
    expect(iinCheckDigit(Array.from('06121160001', Number))).toBe(2);
  });

  it('names each kind of mistake', () => {
    expect(checkIin('06121160001')).toMatchObject({ valid: false, problem: 'not_12_digits' });
    expect(checkIin('06121160001a')).toMatchObject({ valid: false, problem: 'not_12_digits' });
    expect(checkIin('061211700012')).toMatchObject({ valid: false, problem: 'century_digit' });
    expect(checkIin('061311600012')).toMatchObject({ valid: false, problem: 'birth_date' });
    expect(checkIin('250229500012')).toMatchObject({ valid: false, problem: 'birth_date' }); // 2025 is not leap
    expect(checkIin('061211600013')).toMatchObject({ valid: false, problem: 'check_digit_mismatch' });
  });

  it('knows first digits for which no IIN exists (both sums give 10)', () => {
    const serials = Array.from({ length: 10_000 }, (_, n) => `8504153${String(n).padStart(4, '0')}`);
    const impossible = serials.find((first11) => iinCheckDigit(Array.from(first11, Number)) === undefined);
    expect(impossible).toBeDefined();
    for (const last of '0123456789') {
      expect(checkIin(`${impossible}${last}`)).toMatchObject({ valid: false, problem: 'check_digit_undefined' });
    }
  });

  it('accepts every generated valid IIN and refuses it with any other check digit', () => {
    fc.assert(
      fc.property(validIin, fc.integer({ min: 1, max: 9 }), (iin, shift) => {
        expect(checkIin(iin).valid).toBe(true);
        const wrong = `${iin.slice(0, 11)}${(Number(iin[11]) + shift) % 10}`;
        expect(checkIin(wrong)).toMatchObject({ valid: false, problem: 'check_digit_mismatch' });
      }),
    );
  });

  it('masks all but the first two and last two digits, and masks anything malformed whole', () => {
    expect(maskIin('061211600012')).toBe('06••••••••12');
    expect(maskIin('0612116')).toBe('•••••••');
    expect(maskIin('')).toBe('•');
  });
});
