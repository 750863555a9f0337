import type { IsoDate, Period } from '../dates';
import { inForceOn, type Versioned } from './rule-book';

/** The numbers of the МӘМС status rules (BRIEF 2.3), versioned by the date they came into force. */
export interface InsuranceRuleSet extends Versioned {
  /** Care continues this many months after the last paid period (seed 003, art. 5 p.2). */
  graceMonths: number;
  /** The longer grace for a long record of paid months (2026 amendment), or null when the law has none. */
  extendedGrace: { months: number; paidPeriodsRequired: number } | null;
  /** The payment for a period is due by this day of the following month. */
  paymentDueDayOfNextMonth: number;
  /** Missed months that can be paid to come back, counted back from the payment day (seed 003, art. 5 p.3). */
  restoreMaxMonths: number;
  /** Unpaid months before this one never count as owed (seed 003, art. 5 p.3, second paragraph). */
  arrearsCountFrom: Period;
  /** A self-payer's monthly contribution as a share of the minimum wage, in basis points (5% = 500). */
  selfPaidContributionBasisPoints: number;
}

/**
 * The art. 5 rule set starts on 2020-01-01: p.2 (grace) and p.3 (arrears) are in force from that day (seed 003, the
 * notes under art. 5 p.2 and p.3). Payments for earlier periods are judged by the first version (`use_first`).
 */
export const INSURANCE_RULE_SETS: readonly InsuranceRuleSet[] = [
  {
    id: 'osms-2020',
    effectiveFrom: '2020-01-01',
    sources: [
      'seed 003 (Law on МӘМС) art. 5 p.2 and p.3, in force from 2020-01-01',
      'seed 004 (payment flow)',
      'BRIEF 2.3',
    ],
    graceMonths: 3,
    extendedGrace: null,
    paymentDueDayOfNextMonth: 25,
    restoreMaxMonths: 12,
    arrearsCountFrom: '2020-01',
    selfPaidContributionBasisPoints: 500,
  },
  {
    id: 'osms-2026',
    effectiveFrom: '2026-01-01',
    sources: [
      'Law on МӘМС art. 5 p.2 as amended in 2025, in force 2026-01-01: 6 months for 60 paid months before the gap',
      'seed 003 art. 5 p.2-1: no grace for single aggregate payment (ЕСП) payers',
    ],
    graceMonths: 3,
    extendedGrace: { months: 6, paidPeriodsRequired: 60 },
    paymentDueDayOfNextMonth: 25,
    restoreMaxMonths: 12,
    arrearsCountFrom: '2020-01',
    selfPaidContributionBasisPoints: 500,
  },
];

/**
 * The monthly minimum wage (МЖӘ / МЗП) set by the republican budget law for each financial year, in tiyn. Art. 5 p.3
 * prices each owed month at 5% of the minimum wage of the year of the payment day. Only 2025 and 2026 are given by
 * the brief; the earlier years are the published budget-law values, not in the seeds: provisional until checked.
 */
export const MINIMUM_WAGE: readonly (Versioned & { tiyn: number })[] = [
  {
    id: 'mzp-2020',
    effectiveFrom: '2020-01-01',
    sources: ['Law on the republican budget 2020'],
    provisional: true,
    tiyn: 4_250_000,
  },
  {
    id: 'mzp-2021',
    effectiveFrom: '2021-01-01',
    sources: ['Law on the republican budget 2021'],
    provisional: true,
    tiyn: 4_250_000,
  },
  {
    id: 'mzp-2022',
    effectiveFrom: '2022-01-01',
    sources: ['Law on the republican budget 2022'],
    provisional: true,
    tiyn: 6_000_000,
  },
  {
    id: 'mzp-2023',
    effectiveFrom: '2023-01-01',
    sources: ['Law on the republican budget 2023'],
    provisional: true,
    tiyn: 7_000_000,
  },
  {
    id: 'mzp-2024',
    effectiveFrom: '2024-01-01',
    sources: ['Law on the republican budget 2024'],
    provisional: true,
    tiyn: 8_500_000,
  },
  {
    id: 'mzp-2025',
    effectiveFrom: '2025-01-01',
    sources: ['Law on the republican budget 2025', 'BRIEF 2.3'],
    tiyn: 8_500_000,
  },
  {
    id: 'mzp-2026',
    effectiveFrom: '2026-01-01',
    sources: ['Law on the republican budget 2026', 'BRIEF 2.3'],
    tiyn: 8_500_000,
  },
];

/**
 * Art. 5 p.3-1: the persons of art. 14 p.2 sub. 10 must have paid contributions at least this many months in a row
 * before the day of care. The paragraph is in seed 003; art. 14, which says who those persons are, is not: we read
 * them as people who pay contributions for themselves (`payerBasis` `self`) — provisional until the law's art. 14 is
 * checked, and so is the date it applies from.
 */
export interface ConsecutivePaymentRule extends Versioned {
  months: number;
  payerBases: readonly ('employer' | 'self' | 'state' | 'exempt' | 'single_aggregate')[];
}

export const CONSECUTIVE_PAYMENT_RULES: readonly ConsecutivePaymentRule[] = [
  {
    id: 'art5-p3-1',
    effectiveFrom: '2020-01-01',
    sources: [
      'seed 003 art. 5 p.3-1 (three months in a row before the day of care)',
      'art. 14 p.2 sub. 10 is not in the seeds: read as people paying for themselves (provisional)',
    ],
    provisional: true,
    months: 3,
    payerBases: ['self'],
  },
];

export function insuranceRulesOn(date: IsoDate): InsuranceRuleSet {
  return inForceOn(INSURANCE_RULE_SETS, date, { beforeFirst: 'use_first' });
}

/** The art. 5 p.3-1 rule in force on `date`, or null before it. */
export function consecutivePaymentRuleOn(date: IsoDate): ConsecutivePaymentRule | null {
  const first = CONSECUTIVE_PAYMENT_RULES.reduce((a, b) => (a.effectiveFrom <= b.effectiveFrom ? a : b));
  return date < first.effectiveFrom ? null : inForceOn(CONSECUTIVE_PAYMENT_RULES, date);
}

/**
 * A self-payer's contribution for one month paid on `date`: 5% of the minimum wage of that financial year (seed 003
 * art. 5 p.3; 4,250 ₸ in 2025 and 2026). Throws `RuleSetNotFoundError` before 2020, where art. 5 p.3 does not apply.
 */
export function selfPaidMonthlyContributionTiyn(date: IsoDate): number {
  const rules = insuranceRulesOn(date);
  return Math.round((inForceOn(MINIMUM_WAGE, date).tiyn * rules.selfPaidContributionBasisPoints) / 10_000);
}
