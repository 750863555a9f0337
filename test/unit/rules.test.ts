import { describe, expect, it } from 'vitest';
import { RuleSetNotFoundError } from '../../shared/domain/rules/errors';
import {
  INSURANCE_RULE_SETS,
  insuranceRulesOn,
  selfPaidMonthlyContributionTiyn,
} from '../../shared/domain/rules/insurance-rules';
import { PENSION_RULE_SETS, pensionRulesOn } from '../../shared/domain/rules/pension-rules';
import { inForceOn } from '../../shared/domain/rules/rule-book';

describe('rule sets with effective dates', () => {
  it('picks the version in force on a date, whatever order the versions are listed in', () => {
    const versions = [
      { id: 'b', effectiveFrom: '2026-01-01', sources: [] },
      { id: 'a', effectiveFrom: '2020-01-01', sources: [] },
    ];
    expect(inForceOn(versions, '2025-12-31').id).toBe('a');
    expect(inForceOn(versions, '2026-01-01').id).toBe('b');
    expect(() => inForceOn(versions, '2019-12-31')).toThrow(RuleSetNotFoundError);
    expect(inForceOn(versions, '2019-12-31', { beforeFirst: 'use_first' }).id).toBe('a');
  });

  it('never has two versions starting the same day, and every version names its sources', () => {
    for (const versions of [INSURANCE_RULE_SETS, PENSION_RULE_SETS]) {
      const dates = versions.map((v) => v.effectiveFrom);
      expect(new Set(dates).size).toBe(dates.length);
      for (const version of versions) expect(version.sources.length).toBeGreaterThan(0);
    }
  });

  it('has the 6-month grace only from 2026-01-01', () => {
    expect(insuranceRulesOn('2025-12-31').extendedGrace).toBeNull();
    expect(insuranceRulesOn('2026-01-01').extendedGrace).toEqual({ months: 6, paidPeriodsRequired: 60 });
  });

  it('makes a self-payer pay 5% of the minimum wage: 4,250 ₸ in 2025 and 2026', () => {
    expect(selfPaidMonthlyContributionTiyn('2025-06-01')).toBe(425_000);
    expect(selfPaidMonthlyContributionTiyn('2026-06-01')).toBe(425_000);
  });

  it('keeps the pension durations of seed 000 and drops dental and eye treatment in late 2025', () => {
    const order33 = pensionRulesOn('2025-06-01');
    expect(order33).toMatchObject({
      documentsWindowWorkingDays: 45,
      clinicTransferWorkingDays: 5,
      foreignTransferWorkingDays: 3,
      dkkEntryWorkingDays: 2,
    });
    expect(order33.documentsReminders.map((r) => r.workingDaysBefore)).toEqual([10, 5, 2, 1]);
    expect(order33.allowedTreatments).toContain('dental_implantation');
    expect(pensionRulesOn('2025-12-15').allowedTreatments).not.toContain('dental_implantation');
    expect(pensionRulesOn('2025-12-15').allowedTreatments).not.toContain('ophthalmology');
    expect(pensionRulesOn('2026-01-11').acceptsNewApplications).toBe(true);
    expect(pensionRulesOn('2026-01-12').acceptsNewApplications).toBe(false);
  });
});
