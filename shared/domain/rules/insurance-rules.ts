import type { IsoDate } from '../dates';
import { inForceOn, type Versioned } from './rule-book';

/** The numbers of the МӘМС status rules (BRIEF 2.3), versioned by the date they came into force. */
export interface InsuranceRuleSet extends Versioned {
  /** Care continues this many months after the last paid period (seed 003, art. 5 p.2). */
  graceMonths: number;
  /** The longer grace for a long record of paid months (2026 amendment), or null when the law has none. */
  extendedGrace: { months: number; paidPeriodsRequired: number } | null;
  /** The payment for a period is due by this day of the following month. */
  paymentDueDayOfNextMonth: number;
  /** Missed months that can be paid to come back (seed 003, art. 5 p.3). */
  restoreMaxMonths: number;
  /** A self-payer's monthly contribution as a share of the minimum wage, in basis points (5% = 500). */
  selfPaidContributionBasisPoints: number;
}

export const INSURANCE_RULE_SETS: readonly InsuranceRuleSet[] = [
  {
    id: 'osms-2020',
    effectiveFrom: '2017-07-01',
    sources: ['seed 003 (Law on МӘМС) art. 5 p.2 and p.3', 'seed 004 (payment flow)', 'BRIEF 2.3'],
    graceMonths: 3,
    extendedGrace: null,
    paymentDueDayOfNextMonth: 25,
    restoreMaxMonths: 12,
    selfPaidContributionBasisPoints: 500,
  },
  {
    id: 'osms-2026',
    effectiveFrom: '2026-01-01',
    sources: [
      'Law on МӘМС art. 5 p.2 as amended in 2025, in force 2026-01-01: 6 months for 60 paid months before the gap',
      'art. 5 p.2-1: no grace for single aggregate payment (ЕСП) payers',
    ],
    graceMonths: 3,
    extendedGrace: { months: 6, paidPeriodsRequired: 60 },
    paymentDueDayOfNextMonth: 25,
    restoreMaxMonths: 12,
    selfPaidContributionBasisPoints: 500,
  },
];

/** The monthly minimum wage (МЖӘ / МЗП), in tiyn, by the date it applies from. */
export const MINIMUM_WAGE: readonly (Versioned & { tiyn: number })[] = [
  { id: 'mzp-2023', effectiveFrom: '2023-01-01', sources: ['Law on the republican budget 2023'], tiyn: 7_000_000 },
  { id: 'mzp-2024', effectiveFrom: '2024-01-01', sources: ['Law on the republican budget 2024'], tiyn: 8_500_000 },
  { id: 'mzp-2025', effectiveFrom: '2025-01-01', sources: ['Law on the republican budget 2025'], tiyn: 8_500_000 },
  { id: 'mzp-2026', effectiveFrom: '2026-01-01', sources: ['Law on the republican budget 2026'], tiyn: 8_500_000 },
];

export function insuranceRulesOn(date: IsoDate): InsuranceRuleSet {
  return inForceOn(INSURANCE_RULE_SETS, date, { beforeFirst: 'use_first' });
}

/** A self-payer's contribution for one month paid on `date`: 5% of the minimum wage (4,250 ₸ in 2025 and 2026). */
export function selfPaidMonthlyContributionTiyn(date: IsoDate): number {
  const rules = insuranceRulesOn(date);
  return Math.round((inForceOn(MINIMUM_WAGE, date).tiyn * rules.selfPaidContributionBasisPoints) / 10_000);
}
