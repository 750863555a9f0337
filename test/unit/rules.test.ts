import { describe, expect, it } from 'vitest';
import { RuleSetNotFoundError } from '../../shared/domain/rules/errors';
import {
  CONSECUTIVE_PAYMENT_RULES,
  consecutivePaymentRuleOn,
  INSURANCE_RULE_SETS,
  insuranceRulesOn,
  MINIMUM_WAGE,
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

  it('starts the art. 5 rule set on 2020-01-01 and never counts arrears before 2020-01', () => {
    const first = [...INSURANCE_RULE_SETS].sort((a, b) => (a.effectiveFrom < b.effectiveFrom ? -1 : 1))[0];
    expect(first).toMatchObject({ effectiveFrom: '2020-01-01', restoreMaxMonths: 12, arrearsCountFrom: '2020-01' });
    for (const version of INSURANCE_RULE_SETS) expect(version.arrearsCountFrom).toBe('2020-01');
  });

  it('keeps one minimum wage per financial year from 2020, the years before 2025 marked provisional', () => {
    for (const versions of [MINIMUM_WAGE, CONSECUTIVE_PAYMENT_RULES]) {
      const dates = versions.map((v) => v.effectiveFrom);
      expect(new Set(dates).size).toBe(dates.length);
      for (const version of versions) expect(version.sources.length).toBeGreaterThan(0);
    }
    expect(MINIMUM_WAGE.map((wage) => wage.effectiveFrom.slice(0, 4))).toEqual([
      '2020',
      '2021',
      '2022',
      '2023',
      '2024',
      '2025',
      '2026',
    ]);
    for (const wage of MINIMUM_WAGE) {
      expect(wage.effectiveFrom.endsWith('-01-01')).toBe(true);
      expect(wage.provisional === true).toBe(wage.effectiveFrom < '2025-01-01');
    }
    expect(selfPaidMonthlyContributionTiyn('2023-06-01')).toBe(350_000);
    expect(() => selfPaidMonthlyContributionTiyn('2019-12-31')).toThrow(RuleSetNotFoundError);
  });

  it('asks three months in a row of self-payers only (art. 5 p.3-1), marked provisional', () => {
    expect(consecutivePaymentRuleOn('2026-06-01')).toMatchObject({
      months: 3,
      payerBases: ['self'],
      provisional: true,
    });
    expect(consecutivePaymentRuleOn('2019-12-31')).toBeNull();
  });

  it('keeps the pension durations of seed 000 and drops dental and eye treatment in late 2025', () => {
    const order33 = pensionRulesOn('2025-06-01');
    expect(order33).toMatchObject({
      documentsWindowWorkingDays: 45,
      clinicTransferWorkingDays: 5,
      foreignTransferWorkingDays: 3,
      dkkEntryWorkingDays: 2,
    });
    expect(order33.documentsReminders.map((r) => r.workingDaysBefore)).toEqual([10, 5, 2, 1, 0]);
    expect(order33.allowedTreatments).toContain('dental_implantation');
    expect(pensionRulesOn('2025-12-15').allowedTreatments).not.toContain('dental_implantation');
    expect(pensionRulesOn('2025-12-15').allowedTreatments).not.toContain('ophthalmology');
    expect(pensionRulesOn('2026-01-11').acceptsNewApplications).toBe(true);
    expect(pensionRulesOn('2026-01-12').acceptsNewApplications).toBe(false);
  });
});

describe('pension rule versions: each act its own version, from its date of effect (issue 13)', () => {
  it('puts order No. 33 in force on 2025-04-27 (10 days after publication), not on its registration', () => {
    expect(pensionRulesOn('2025-04-22').id).toBe('dsm18-2021');
    expect(pensionRulesOn('2025-04-26').id).toBe('dsm18-2021');
    expect(pensionRulesOn('2025-04-27').id).toBe('dsm18-order33');
  });

  it('models orders No. 150 and No. 164 as their own versions from 2025-12-04 and 2025-12-28, then the pause', () => {
    expect(PENSION_RULE_SETS.map((v) => [v.id, v.effectiveFrom])).toEqual([
      ['dsm18-2021', '2021-02-15'],
      ['dsm18-order33', '2025-04-27'],
      ['dsm18-order150', '2025-12-04'],
      ['dsm18-order164', '2025-12-28'],
      ['dsm18-paused-2026', '2026-01-12'],
    ]);
    expect(pensionRulesOn('2025-12-03').allowedTreatments).toContain('dental_implantation');
    expect(pensionRulesOn('2025-12-04').allowedTreatments).not.toContain('dental_implantation');
    expect(pensionRulesOn('2025-12-27').id).toBe('dsm18-order150');
    expect(pensionRulesOn('2025-12-28').id).toBe('dsm18-order164');
  });

  it('marks provisional, with a source, every version whose content our sources do not give', () => {
    for (const id of ['dsm18-2021', 'dsm18-order150', 'dsm18-order164']) {
      const version = PENSION_RULE_SETS.find((v) => v.id === id);
      expect(version?.provisional, id).toBe(true);
      expect(version?.sources.join(' '), id).toMatch(/issue 13|not known|ҚР ДСМ-18/);
    }
    expect(PENSION_RULE_SETS.find((v) => v.id === 'dsm18-order33')?.provisional).toBeUndefined();
  });

  it('asks for money before the ДКК conclusion (§9) from order No. 33 on only', () => {
    expect(pensionRulesOn('2025-04-26').moneyBeforeDkk).toBe(false);
    expect(pensionRulesOn('2025-04-27').moneyBeforeDkk).toBe(true);
    expect(pensionRulesOn('2026-06-01').moneyBeforeDkk).toBe(true);
  });
});
