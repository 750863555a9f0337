import { describe, expect, it } from 'vitest';
import type { PaymentData } from '../../shared/domain/events';
import { contributionHistory, insuranceStatus } from '../../shared/domain/insurance';
import { at, paidMonths, payment } from '../helpers/events';

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

  it('gives no grace when the last period was paid only through the single aggregate payment', () => {
    const esp = facts(...paidMonths('2026-01', '2026-03', { payerType: 'single_aggregate' }));
    const status = insuranceStatus({ payments: esp, at: at('2026-05-26T09:00') });
    expect(status).toMatchObject({ grace: 'none_single_aggregate', graceMonths: 0, coveredThrough: '2026-05-25' });
    expect(status.status).toBe('not_insured');
    expect(insuranceStatus({ payments: esp, at: at('2026-05-25T09:00') }).status).toBe('insured');
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
