import { describe, expect, it } from 'vitest';
import { nextCoverage } from '../../shared/app/coverage-sweep';
import { coverageReminderDays, dueCoverageNotice, nextSweepDay } from '../../shared/domain/coverage-schedule';
import type { InsuranceStatus } from '../../shared/domain/insurance';

const KEY = 'c1.test';
const AT = Date.UTC(2026, 8, 10, 5);

/** A self-payer whose last paid month is June 2026: covered through 30 September, July due on 25 August. */
function insurance(overrides: Partial<InsuranceStatus> = {}): InsuranceStatus {
  return {
    status: 'conditionally_insured',
    reason: 'grace',
    coveredThrough: '2026-09-30',
    lastPaidPeriod: '2026-06',
    nextPaymentDueOn: '2026-08-25',
    grace: 'standard',
    graceMonths: 3,
    ruleSetId: 'osms-2026',
    payerBasis: 'self',
    owedPeriods: ['2026-07'],
    owedMonths: 1,
    owedAmountTiyn: 425_000,
    owedAtLeast: false,
    consecutiveMonths: null,
    ...overrides,
  };
}

describe('the days a chat is swept on', () => {
  it('are the domain’s reminder days, and none for an exempt person', () => {
    expect(coverageReminderDays(KEY, insurance())).toEqual(['2026-09-16', '2026-09-27', '2026-10-01']);
    expect(coverageReminderDays(KEY, insurance({ payerBasis: 'exempt' }))).toEqual([]);
  });

  it('include the day after the next payment falls due, when the end may move without a new fact', () => {
    expect(nextSweepDay(KEY, insurance(), '2026-07-15')).toBe('2026-08-26');
    expect(nextSweepDay(KEY, insurance(), '2026-08-27')).toBe('2026-09-16');
    expect(
      nextSweepDay(KEY, insurance({ coveredThrough: null, nextPaymentDueOn: null }), '2026-07-15'),
    ).toBeUndefined();
  });

  it('keep a day the sweep has not handled while the end stays, and start afresh for a new end', () => {
    const stored = { coveredThrough: '2026-09-30', sweepOn: '2026-09-16', derivedAt: '2026-09-01T00:00:00.000Z' };
    const handledThrough = '2026-09-17';
    const same = nextCoverage({ citizenKey: KEY, insurance: insurance(), stored, handledThrough, at: AT });
    expect(same.sweepOn).toBe('2026-09-16');
    const later = insurance({ coveredThrough: '2026-10-31', nextPaymentDueOn: '2026-09-25' });
    expect(nextCoverage({ citizenKey: KEY, insurance: later, stored, handledThrough, at: AT }).sweepOn).toBe(
      '2026-09-26',
    );
    // The sweep handled today: the chat moves past it.
    const swept = nextCoverage({
      citizenKey: KEY,
      insurance: insurance(),
      stored: undefined,
      handledThrough: '2026-09-16',
      at: AT,
    });
    expect(swept).toEqual({
      coveredThrough: '2026-09-30',
      sweepOn: '2026-09-27',
      derivedAt: new Date(AT).toISOString(),
    });
  });
});

describe('the coverage reminder due when the sweep reads a chat', () => {
  const due = (today: string, sweepOn: string | undefined, status = insurance()) =>
    dueCoverageNotice({ citizenKey: KEY, insurance: status, sweepOn, today });

  it('is the 14-day reminder on its day', () => {
    expect(due('2026-09-16', '2026-09-16')).toMatchObject({
      kind: 'coverage_ending',
      variant: 'days-14',
      params: { days: 14 },
    });
  });

  it('goes out late after a missed day, with the same id and the days left today', () => {
    expect(due('2026-09-18', '2026-09-16')).toMatchObject({
      kind: 'coverage_ending',
      date: '2026-09-30',
      variant: 'days-14',
      params: { days: 12 },
    });
  });

  it('is superseded by a later reminder that came due, and dropped after a week', () => {
    expect(due('2026-09-28', '2026-09-16')).toMatchObject({ variant: 'days-3', params: { days: 2 } });
    expect(due('2026-10-08', '2026-10-01')).toMatchObject({ kind: 'coverage_ended', date: '2026-09-30' });
    expect(due('2026-10-09', '2026-10-01')).toBeUndefined();
    // Nobody is told "coverage ended" without a paid month to restore from (the domain's rule).
    expect(due('2026-10-01', '2026-10-01', insurance({ lastPaidPeriod: null }))).toBeUndefined();
  });

  it('says nothing to a citizen who paid since (a later end) or who is exempt', () => {
    expect(due('2026-09-16', '2026-09-16', insurance({ coveredThrough: '2026-10-31' }))).toBeUndefined();
    expect(due('2026-09-16', '2026-09-16', insurance({ payerBasis: 'exempt' }))).toBeUndefined();
  });
});
