import { describe, expect, it } from 'vitest';
import type { ExemptionData, ExemptionEvent, PaymentData } from '../../shared/domain/events';
import { contributionHistory, insuranceStatus } from '../../shared/domain/insurance';
import { exemptionPeriods } from '../../shared/domain/payer-basis';
import { at, IIN, paidMonths, payment, sourceFor } from '../helpers/events';

const facts = (...events: { data: PaymentData }[]) => events.map((event) => event.data);

describe('insurance status', () => {
  const juneLast = facts(...paidMonths('2025-01', '2025-06'));

  it('covers through 30 September when the last paid period is June (3 months of grace)', () => {
    const status = insuranceStatus({ payments: juneLast, at: at('2025-07-01T12:00') });
    expect(status).toMatchObject({
      status: 'insured',
      lastPaidPeriod: '2025-06',
      nextPaymentDueOn: '2025-08-25',
      coveredThrough: '2025-09-30',
      grace: 'standard',
      graceMonths: 3,
    });
  });

  it('stays insured through the 25th of month L+2, then is conditionally insured, then not insured', () => {
    const statusAt = (local: string) => insuranceStatus({ payments: juneLast, at: at(local) }).status;
    expect(statusAt('2025-08-25T23:59')).toBe('insured');
    expect(statusAt('2025-08-26T00:00')).toBe('conditionally_insured');
    expect(statusAt('2025-09-30T23:59')).toBe('conditionally_insured');
    expect(statusAt('2025-10-01T00:00')).toBe('not_insured');
  });

  it('decides the day in Kazakhstan time: 19:00 UTC on the 25th is already the 26th', () => {
    expect(insuranceStatus({ payments: juneLast, at: Date.parse('2025-08-25T19:00:00Z') }).status).toBe(
      'conditionally_insured',
    );
  });

  it('counts nothing for a rejected payment', () => {
    const withRejectedJuly = [...juneLast, payment({ period: '2025-07', status: 'rejected', rejectReason: 'x' }).data];
    expect(insuranceStatus({ payments: withRejectedJuly, at: at('2025-07-15T12:00') }).lastPaidPeriod).toBe('2025-06');
    const onlyRejected = [payment({ status: 'rejected', rejectReason: 'wrong IIN' }).data];
    expect(insuranceStatus({ payments: onlyRejected, at: at('2026-02-01T12:00') })).toMatchObject({
      status: 'not_insured',
      coveredThrough: null,
      lastPaidPeriod: null,
    });
  });

  it('gives 6 months from 2026 when all 60 periods ending with L were paid by someone other than the state', () => {
    const sixtyMonths = facts(...paidMonths('2021-03', '2026-02'));
    expect(insuranceStatus({ payments: sixtyMonths, at: at('2026-03-10T12:00') })).toMatchObject({
      grace: 'extended_60_months',
      graceMonths: 6,
      coveredThrough: '2026-08-31',
      ruleSetId: 'osms-2026',
    });
  });

  it('gives 3 months when one of the 60 periods is missing or paid only by the state', () => {
    const missingOne = facts(...paidMonths('2021-03', '2026-02')).filter((p) => p.period !== '2023-07');
    expect(insuranceStatus({ payments: missingOne, at: at('2026-03-10T12:00') }).graceMonths).toBe(3);
    const stateOnce = facts(...paidMonths('2021-03', '2026-02')).map((p) =>
      p.period === '2024-01' ? { ...p, payerType: 'state' as const, category: 'student' as const } : p,
    );
    expect(insuranceStatus({ payments: stateOnce, at: at('2026-03-10T12:00') }).graceMonths).toBe(3);
  });

  it('judges the grace by the rules on the day it starts: a gap that starts on 26 Jan 2026 gets 6 months', () => {
    // L = November 2025: the December payment is overdue from 2026-01-26, when the 2026 rules are in force.
    const sixtyToNovember = facts(...paidMonths('2020-12', '2025-11'));
    expect(insuranceStatus({ payments: sixtyToNovember, at: at('2026-01-10T12:00') })).toMatchObject({
      graceMonths: 6,
      coveredThrough: '2026-05-31',
      ruleSetId: 'osms-2026',
    });
    // L = October 2025: grace starts on 2025-12-26, under the old rules: 3 months.
    const sixtyToOctober = facts(...paidMonths('2020-11', '2025-10'));
    expect(insuranceStatus({ payments: sixtyToOctober, at: at('2026-01-10T12:00') })).toMatchObject({
      graceMonths: 3,
      coveredThrough: '2026-01-31',
      ruleSetId: 'osms-2020',
    });
  });

  it('gives no grace after an ЕСП month: the right covers the paid month only, then the owed month blocks', () => {
    const esp = facts(...paidMonths('2026-01', '2026-03', { payerType: 'single_aggregate' }));
    const status = insuranceStatus({ payments: esp, at: at('2026-05-26T09:00') });
    expect(status).toMatchObject({ grace: 'none_single_aggregate', graceMonths: 0, coveredThrough: '2026-03-31' });
    expect(status).toMatchObject({ status: 'not_insured', reason: 'lapsed', owedPeriods: ['2026-04'], owedMonths: 1 });
    expect(insuranceStatus({ payments: esp, at: at('2026-03-31T23:59') }).status).toBe('insured');
  });

  it('keeps the grace when someone else also paid for the last ЕСП month', () => {
    const mixed = [
      ...facts(...paidMonths('2026-01', '2026-03', { payerType: 'single_aggregate' })),
      payment({ period: '2026-03', payerType: 'employer', kind: 'deduction' }).data,
    ];
    expect(insuranceStatus({ payments: mixed, at: at('2026-04-10T12:00') }).grace).toBe('standard');
  });
});

describe('contribution history', () => {
  it('shows the last 12 months with who paid, gaps and months not yet due', () => {
    const payments = [
      payment({ period: '2026-08', payerType: 'employer', kind: 'deduction', amountTiyn: 1_200_000 }).data,
      payment({ period: '2026-08', payerType: 'employee', kind: 'contribution', amountTiyn: 800_000 }).data,
      payment({ period: '2026-09', status: 'rejected', rejectReason: 'name mismatch' }).data,
      payment({ period: '2026-10' }).data,
    ];
    const history = contributionHistory({ payments, at: at('2026-11-20T12:00') });
    expect(history).toHaveLength(12);
    expect(history[0]?.period).toBe('2025-12');
    const byPeriod = new Map(history.map((month) => [month.period, month]));
    expect(byPeriod.get('2026-08')).toMatchObject({ state: 'paid', totalTiyn: 2_000_000, rejected: 0 });
    expect(byPeriod.get('2026-08')?.payments.map((p) => p.payerType)).toEqual(['employer', 'employee']);
    expect(byPeriod.get('2026-09')).toMatchObject({ state: 'missing', totalTiyn: 0, rejected: 1, dueOn: '2026-10-25' });
    expect(byPeriod.get('2026-10')).toMatchObject({ state: 'paid' });
    expect(byPeriod.get('2026-11')).toMatchObject({ state: 'not_due_yet', dueOn: '2026-12-25' });
    expect(byPeriod.get('2026-07')).toMatchObject({ state: 'missing' });
  });

  it('treats the previous month as not yet due until its 25th', () => {
    const history = contributionHistory({ payments: [], at: at('2026-11-25T12:00'), months: 2 });
    expect(history.map((m) => [m.period, m.state])).toEqual([
      ['2026-10', 'not_due_yet'],
      ['2026-11', 'not_due_yet'],
    ]);
  });
});

/** Accepted payments for `first`…`last`, each paid on the 10th of the month after it (on time). */
const onTime = (first: string, last: string, extra: Partial<PaymentData> = {}) =>
  facts(...paidMonths(first, last, extra)).map((p) => {
    const [year, month] = p.period.split('-').map(Number) as [number, number];
    const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
    return { ...p, paidOn: `${next}-10` };
  });
const employer = { payerType: 'employer', kind: 'deduction' } as const;
const state = { payerType: 'state', category: 'pensioner' } as const;
const esp = { payerType: 'single_aggregate' } as const;
const exempt = (from: string, to?: string): ExemptionData => ({
  iin: IIN.aigerim,
  basis: 'art28_p7',
  from,
  ...(to ? { to } : {}),
});

describe('ЕСП payers: the paid month only (art. 5 p.2-1)', () => {
  const january = onTime('2026-01', '2026-01', esp);

  it('is insured through the last day of the paid month and never in a month not paid', () => {
    expect(insuranceStatus({ payments: january, at: at('2026-01-31T23:59') })).toMatchObject({
      status: 'insured',
      reason: 'paid',
      coveredThrough: '2026-01-31',
      payerBasis: 'single_aggregate',
    });
    for (const day of ['2026-02-01T00:00', '2026-03-10T12:00', '2026-03-25T12:00']) {
      expect(insuranceStatus({ payments: january, at: at(day) })).toMatchObject({
        status: 'not_insured',
        reason: 'paid_month_ended',
        coveredThrough: '2026-01-31',
        nextPaymentDueOn: '2026-03-25',
        owedMonths: 0,
      });
    }
  });

  it('is not insured in an unpaid month even when a later month was paid ahead', () => {
    const ahead = [...january, ...onTime('2026-03', '2026-03', esp)];
    expect(insuranceStatus({ payments: ahead, at: at('2026-02-10T12:00') })).toMatchObject({
      status: 'not_insured',
      reason: 'paid_month_ended',
    });
    expect(insuranceStatus({ payments: ahead, at: at('2026-03-10T12:00') }).status).toBe('insured');
  });

  it('owes February once its due date passed, at 4,250 ₸', () => {
    expect(insuranceStatus({ payments: january, at: at('2026-03-26T12:00') })).toMatchObject({
      status: 'not_insured',
      reason: 'lapsed',
      owedPeriods: ['2026-02'],
      owedAmountTiyn: 425_000,
    });
  });
});

describe('who pays decides what we say (payer basis)', () => {
  it('names the employer when an employer or the employee contribution paid the latest month', () => {
    const both = [
      ...onTime('2026-01', '2026-02', employer),
      ...onTime('2026-02', '2026-02', { payerType: 'employee' }),
    ];
    expect(insuranceStatus({ payments: both, at: at('2026-03-10T12:00') }).payerBasis).toBe('employer');
  });

  it('tells an employee which employer payment is missing, only after the 25th of the next month', () => {
    const payments = onTime('2025-06', '2026-02', employer);
    expect(insuranceStatus({ payments, at: at('2026-04-25T12:00') }).owedPeriods).toEqual([]);
    expect(insuranceStatus({ payments, at: at('2026-04-26T12:00') })).toMatchObject({
      status: 'conditionally_insured',
      payerBasis: 'employer',
      owedPeriods: ['2026-03'],
      owedAmountTiyn: null,
    });
  });

  it('never gives a state-paid person an amount to pay when the state payments stop', () => {
    const payments = onTime('2025-01', '2025-12', state);
    const status = insuranceStatus({ payments, at: at('2026-06-10T12:00') });
    expect(status).toMatchObject({ status: 'not_insured', payerBasis: 'state', owedAmountTiyn: null });
    expect(status.owedMonths).toBe(4);
  });

  it('treats a state category period in force as state-paid, and one that ended as self-paying', () => {
    const category: ExemptionData = { iin: IIN.aigerim, basis: 'student', from: '2022-09-01', to: '2026-06-30' };
    const payments = onTime('2025-09', '2026-05', { payerType: 'state', category: 'student' });
    expect(insuranceStatus({ payments, exemptions: [category], at: at('2026-06-20T12:00') }).payerBasis).toBe('state');
    expect(insuranceStatus({ payments: [], exemptions: [category], at: at('2026-06-20T12:00') })).toMatchObject({
      payerBasis: 'state',
      reason: 'no_data',
      owedAmountTiyn: null,
    });
    const after = insuranceStatus({ payments, exemptions: [category], at: at('2026-08-26T12:00') });
    expect(after).toMatchObject({ payerBasis: 'self', owedPeriods: ['2026-06', '2026-07'], owedAmountTiyn: 850_000 });
  });

  it('asks a self-payer 4,250 ₸ a month, "at least" where our history is shorter than the window', () => {
    const status = insuranceStatus({ payments: onTime('2026-01', '2026-01'), at: at('2026-06-10T12:00') });
    expect(status).toMatchObject({
      payerBasis: 'self',
      owedPeriods: ['2026-02', '2026-03', '2026-04'],
      owedAmountTiyn: 1_275_000,
      owedAtLeast: true,
    });
  });
});

describe('exemption under art. 28 p.7 (art. 5 p.1)', () => {
  it('covers the person without payments while the exemption is in force, whatever is owed', () => {
    const status = insuranceStatus({
      payments: onTime('2025-01', '2025-03'),
      exemptions: [exempt('2026-01-15', '2026-12-31')],
      at: at('2026-06-10T12:00'),
    });
    expect(status).toMatchObject({
      status: 'insured',
      reason: 'exempt',
      payerBasis: 'exempt',
      coveredThrough: '2026-12-31',
      owedAmountTiyn: null,
      nextPaymentDueOn: null,
    });
    expect(
      insuranceStatus({ payments: [], exemptions: [exempt('2026-01-15')], at: at('2026-06-10T12:00') }),
    ).toMatchObject({ status: 'insured', reason: 'exempt', coveredThrough: null });
  });

  it('counts exempt months as covered, with the standard grace after the exemption ends', () => {
    const status = insuranceStatus({
      payments: [],
      exemptions: [exempt('2025-01-01', '2026-02-28')],
      at: at('2026-04-26T12:00'),
    });
    expect(status).toMatchObject({
      status: 'conditionally_insured',
      payerBasis: 'self',
      coveredThrough: '2026-05-31',
      owedPeriods: ['2026-03'],
    });
  });

  it('counts one period per basis and start: a later statement with an end corrects an open one', () => {
    const event = (data: ExemptionData, occurredAt: string, eventId: string): ExemptionEvent => ({
      eventId,
      type: 'osms.exemption',
      occurredAt,
      source: sourceFor('osms.exemption'),
      schemaVersion: 1,
      data,
    });
    const open = event(exempt('2025-01-01'), '2025-01-02T10:00:00+05:00', 'e1');
    const ended = event(exempt('2025-01-01', '2026-02-28'), '2026-03-01T10:00:00+05:00', 'e2');
    const other = event({ ...exempt('2020-01-01', '2020-12-31') }, '2021-01-02T10:00:00+05:00', 'e3');
    expect(exemptionPeriods([open, ended, other])).toEqual([exempt('2020-01-01', '2020-12-31'), ended.data]);
    expect(exemptionPeriods([other, ended, open])).toEqual(exemptionPeriods([open, ended, other]));
  });
});

describe('three months in a row before care (art. 5 p.3-1, provisional)', () => {
  it('shows a self-payer with a known gap how many months in a row they have', () => {
    // January–March paid, April missing (covered by the grace), May paid: one month in a row.
    const payments = [...onTime('2025-10', '2026-03'), ...onTime('2026-05', '2026-05')];
    const status = insuranceStatus({ payments, at: at('2026-06-10T12:00') });
    expect(status.status).toBe('conditionally_insured');
    expect(status.consecutiveMonths).toEqual({ required: 3, paid: 1, ruleId: 'art5-p3-1' });
  });

  it('says nothing when the months in a row reach back to the start of our history, or for employees', () => {
    expect(
      insuranceStatus({ payments: onTime('2026-05', '2026-05'), at: at('2026-06-10T12:00') }).consecutiveMonths,
    ).toBeNull();
    const employee = [...onTime('2025-10', '2026-03', employer), ...onTime('2026-05', '2026-05', employer)];
    expect(insuranceStatus({ payments: employee, at: at('2026-06-10T12:00') }).consecutiveMonths).toBeNull();
  });
});

describe('months before 2020 (art. 5 p.3, second paragraph)', () => {
  it('never counts a month before 2020 as owed, nor lets it block the right', () => {
    const payments = [...onTime('2018-01', '2019-03'), ...onTime('2019-12', '2020-02')];
    const status = insuranceStatus({ payments, at: at('2020-03-20T12:00') });
    expect(status).toMatchObject({ status: 'insured', owedMonths: 0, owedPeriods: [] });
    const unpaid2019 = insuranceStatus({ payments: onTime('2018-01', '2019-06'), at: at('2020-02-26T12:00') });
    expect(unpaid2019.owedPeriods).toEqual(['2020-01']);
  });
});

describe('who pays: an old category period proves nothing about the latest state payment', () => {
  it('never tells a state-paid person to pay when an unrelated earlier category ended', () => {
    const exemptions = [
      { iin: IIN.aigerim, basis: 'registered_unemployed' as const, from: '2023-01-01', to: '2023-12-31' },
    ];
    const payments = paidMonths('2024-01', '2025-12', { payerType: 'state', category: 'pensioner' }).map((e) => e.data);
    const status = insuranceStatus({ payments, exemptions, at: at('2026-07-01T12:00') });
    expect(status.payerBasis).toBe('state');
    expect(status.owedAmountTiyn).toBeNull();
  });
});
