import { describe, expect, it } from 'vitest';
import { statusText } from '../../functions/bot/status-screen';
import type { CitizenView } from '../../shared/app/views';
import { NOTIFICATION_PARAMS } from '../../shared/contracts/internal';
import { arrearsOn, paymentDueOn } from '../../shared/domain/arrears';
import { coverageNotice, coverageRestored } from '../../shared/domain/coverage-notices';
import { periodIndex } from '../../shared/domain/dates';
import type { ExemptionData, PaymentData } from '../../shared/domain/events';
import { type InsuranceStatus, insuranceStatus } from '../../shared/domain/insurance';
import { formatMoney } from '../../shared/messages/format';
import { coverageNoticeText } from '../../shared/messages/notification-text';
import { renderMessage } from '../../shared/messages/render';
import { at, IIN, paidMonths, payment } from '../helpers/events';

const data = (events: readonly { data: PaymentData }[]) => events.map((event) => event.data);
/** Months paid on time: each paid on the 10th of the month after it. */
const onTime = (first: string, last: string, extra: Partial<PaymentData> = {}) =>
  data(paidMonths(first, last, extra)).map((p) => ({ ...p, paidOn: `${nextMonth(p.period)}-10` }));
const nextMonth = (period: string) => {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
};
/** Owed months paid back on one day. */
const paidBack = (periods: readonly string[], paidOn: string) =>
  periods.map((period) => payment({ period, paidOn }).data);
const months = (first: string, last: string) => data(paidMonths(first, last)).map((p) => p.period);
const coveredBy = (periods: readonly string[]) => {
  const set = new Set(periods.map(periodIndex));
  return (index: number) => set.has(index);
};

describe('arrears (art. 5 p.3): the months owed on a day', () => {
  it('counts the unpaid months past their due date among the 12 before the month of the payment day', () => {
    const arrears = arrearsOn({
      on: '2026-06-10',
      covered: coveredBy(months('2025-01', '2025-12')),
      historyStart: periodIndex('2025-01'),
    });
    // Window 2025-06 … 2026-05; May 2026 is due only on 25 June, so it is not owed yet.
    expect(arrears.window).toEqual({ from: '2025-06', to: '2026-05' });
    expect(arrears.periods).toEqual(['2026-01', '2026-02', '2026-03', '2026-04']);
    expect(arrears).toMatchObject({ months: 4, monthlyTiyn: 425_000, amountTiyn: 1_700_000, atLeast: false });
  });

  it('never reaches more than 12 months back, however long the gap', () => {
    const arrears = arrearsOn({
      on: '2026-06-26',
      covered: coveredBy(['2023-01']),
      historyStart: periodIndex('2023-01'),
    });
    expect(arrears.periods).toEqual(months('2025-06', '2026-05'));
    expect(arrears.amountTiyn).toBe(12 * 425_000);
  });

  it('never counts a month before 2020 as owed (art. 5 p.3, second paragraph)', () => {
    const arrears = arrearsOn({ on: '2020-06-10', covered: () => false, historyStart: periodIndex('2018-01') });
    expect(arrears.window).toEqual({ from: '2020-01', to: '2020-05' });
    expect(arrears.periods).toEqual(['2020-01', '2020-02', '2020-03', '2020-04']);
    expect(arrearsOn({ on: '2020-01-20', covered: () => false, historyStart: periodIndex('2018-01') })).toMatchObject({
      periods: [],
      window: null,
      amountTiyn: 0,
      atLeast: false,
    });
  });

  it('says "at least" when our history starts inside the window, and counts nothing before it', () => {
    const arrears = arrearsOn({
      on: '2026-06-10',
      covered: coveredBy(['2025-11']),
      historyStart: periodIndex('2025-11'),
    });
    expect(arrears.periods).toEqual(['2025-12', '2026-01', '2026-02', '2026-03', '2026-04']);
    expect(arrears.atLeast).toBe(true);
  });

  it('prices a month at 5% of the minimum wage of the payment day’s year', () => {
    const on2026 = arrearsOn({ on: '2026-02-26', covered: () => false, historyStart: periodIndex('2025-01') });
    expect(on2026.monthlyTiyn).toBe(425_000);
    expect(on2026.amountTiyn).toBe(on2026.months * 425_000);
  });

  it('makes the payment for a month due on the 25th of the next month', () => {
    expect(paymentDueOn(periodIndex('2026-01'))).toBe('2026-02-25');
    expect(paymentDueOn(periodIndex('2026-12'))).toBe('2027-01-25');
  });
});

describe('coverage does not come back with a later month alone (art. 5 p.3)', () => {
  // Paid January–March 2025 on time, then nothing for 10 months; February 2026 paid on 10 March 2026.
  const before = onTime('2025-01', '2025-03');
  const gap = months('2025-04', '2026-01');
  const later = payment({ period: '2026-02', paidOn: '2026-03-10' }).data;
  const day = at('2026-03-15T12:00');

  it('keeps a self-payer with a 10-month gap who pays one month not insured, owing 10 × 4,250 ₸', () => {
    const status = insuranceStatus({ payments: [...before, later], at: day });
    expect(status).toMatchObject({
      status: 'not_insured',
      reason: 'arrears',
      coveredThrough: '2025-06-30',
      payerBasis: 'self',
      owedMonths: 10,
      owedAmountTiyn: 4_250_000,
      owedAtLeast: false,
    });
    expect(status.owedPeriods).toEqual(gap);
  });

  it('restores the right when the last owed month is paid, whether the arrears arrive one by one or in one batch', () => {
    const statuses: InsuranceStatus[] = [insuranceStatus({ payments: [...before, later], at: day })];
    const paid: PaymentData[] = [];
    for (const period of gap) {
      paid.push(...paidBack([period], '2026-03-14'));
      statuses.push(insuranceStatus({ payments: [...before, later, ...paid], at: day }));
    }
    // Every month but the last leaves something owed: never insured, never "conditionally" on arrears paid late.
    expect(statuses.slice(0, -1).map((s) => s.status)).toEqual(Array(gap.length).fill('not_insured'));
    expect(statuses.slice(0, -1).map((s) => s.owedMonths)).toEqual([10, 9, 8, 7, 6, 5, 4, 3, 2, 1]);
    const restored = statuses.at(-1) as InsuranceStatus;
    expect(restored).toMatchObject({ status: 'insured', reason: 'paid', owedMonths: 0, coveredThrough: '2026-05-31' });
    const batch = insuranceStatus({ payments: [...before, later, ...paidBack(gap, '2026-03-14')], at: day });
    expect(batch).toEqual(restored);
  });

  it('welcomes back only on the payment that completes the arrears, one by one or in one batch', () => {
    const citizenKey = 'c1.x';
    const statusWith = (extra: PaymentData[]) => insuranceStatus({ payments: [...before, later, ...extra], at: day });
    const allButLast = paidBack(gap.slice(0, -1), '2026-03-14');
    const steps = gap.map((_, n) => statusWith(paidBack(gap.slice(0, n + 1), '2026-03-14')));
    const welcomes = steps.map((after, n) =>
      coverageRestored({ citizenKey, before: n === 0 ? statusWith([]) : (steps[n - 1] as InsuranceStatus), after }),
    );
    expect(welcomes.filter(Boolean)).toHaveLength(1);
    expect(welcomes.at(-1)).toMatchObject({ kind: 'coverage_restored', date: '2026-05-31' });
    // A batch compared with "all but one of it" also welcomes back, with the same id (date): the ledger sends it once.
    const batch = coverageRestored({
      citizenKey,
      before: statusWith(allButLast),
      after: statusWith(paidBack(gap, '2026-03-14')),
    });
    expect(batch).toMatchObject({ kind: 'coverage_restored', date: '2026-05-31' });
    // The one later month alone never does.
    expect(
      coverageRestored({ citizenKey, before: insuranceStatus({ payments: before, at: day }), after: statusWith([]) }),
    ).toBeUndefined();
  });

  it('keeps the art. 5 p.2 grace after a single missing month, then needs that month paid back', () => {
    // An employer missed March 2026 and paid April on time.
    const employer = { payerType: 'employer' as const, kind: 'deduction' as const };
    const payments = [...onTime('2025-10', '2026-02', employer), ...onTime('2026-04', '2026-04', employer)];
    const inMay = insuranceStatus({ payments, at: at('2026-05-10T12:00') });
    expect(inMay).toMatchObject({
      status: 'conditionally_insured',
      reason: 'grace',
      coveredThrough: '2026-05-31',
      payerBasis: 'employer',
      owedPeriods: ['2026-03'],
      owedAmountTiyn: null,
    });
    expect(insuranceStatus({ payments, at: at('2026-06-01T12:00') })).toMatchObject({
      status: 'not_insured',
      reason: 'arrears',
    });
    const paidBackMarch = [...payments, { ...payments[0], period: '2026-03', paidOn: '2026-06-02' } as PaymentData];
    expect(insuranceStatus({ payments: paidBackMarch, at: at('2026-06-03T12:00') }).status).toBe('insured');
  });

  it('blocks on one old unpaid month until it is paid or falls out of the 12-month window', () => {
    const payments = [...onTime('2024-01', '2024-05'), ...onTime('2024-07', '2025-05')];
    expect(insuranceStatus({ payments, at: at('2025-06-20T12:00') })).toMatchObject({
      status: 'not_insured',
      reason: 'arrears',
      owedPeriods: ['2024-06'],
      coveredThrough: '2024-08-31',
    });
    expect(insuranceStatus({ payments, at: at('2025-07-01T12:00') })).toMatchObject({
      status: 'insured',
      owedMonths: 0,
    });
  });
});

const employer = { payerType: 'employer', kind: 'deduction' } as const;
const state = { payerType: 'state', category: 'pensioner' } as const;
const esp = { payerType: 'single_aggregate' } as const;
const exempt = (from: string, to: string): ExemptionData => ({ iin: IIN.aigerim, basis: 'art28_p7', from, to });

describe('coverage messages carry who pays and what is owed', () => {
  const notice = (payments: PaymentData[], day: string, exemptions: ExemptionData[] = []) => {
    const insurance = insuranceStatus({ payments, exemptions, at: at(`${day}T10:00`) });
    return coverageNotice({
      citizenKey: 'c1.x',
      insurance,
      today: day,
      monthlyAmountTiyn: 425_000,
      restoreMaxMonths: 12,
    });
  };

  it('tells a self-payer the months and the amount on the day after coverage ended', () => {
    expect(notice(onTime('2026-01', '2026-06'), '2026-10-01')).toMatchObject({
      kind: 'coverage_ended',
      params: { payerBasis: 'self', owedMonths: 2, owedAmountTiyn: 850_000, owedAtLeast: 1, missingPeriod: '2026-07' },
    });
  });

  it('gives an employee the missing month and a state-paid person no amount', () => {
    const employee = notice(onTime('2025-01', '2026-06', employer), '2026-09-16');
    expect(employee).toMatchObject({
      kind: 'coverage_ending',
      params: { payerBasis: 'employer', missingPeriod: '2026-07' },
    });
    expect(employee?.params).not.toHaveProperty('owedAmountTiyn');
    const statePaid = notice(onTime('2025-01', '2026-06', state), '2026-10-01');
    expect(statePaid).toMatchObject({ kind: 'coverage_ended', params: { payerBasis: 'state', owedMonths: 2 } });
    expect(statePaid?.params).not.toHaveProperty('owedAmountTiyn');
  });

  it('reminds an ЕСП payer before the paid month ends, and never someone exempt', () => {
    expect(notice(onTime('2026-01', '2026-03', esp), '2026-03-17')).toMatchObject({
      kind: 'coverage_ending',
      date: '2026-03-31',
      params: { payerBasis: 'single_aggregate', paidPeriod: '2026-03', nextPaymentDueOn: '2026-05-25' },
    });
    expect(notice([], '2026-12-17', [exempt('2026-01-01', '2026-12-31')])).toBeUndefined();
  });
});

describe('coverage texts by who pays', () => {
  const render = (payments: PaymentData[], day: string, language: 'kk' | 'ru' = 'ru') => {
    const insurance = insuranceStatus({ payments, at: at(`${day}T10:00`) });
    const intent = coverageNotice({
      citizenKey: 'c',
      insurance,
      today: day,
      monthlyAmountTiyn: 425_000,
      restoreMaxMonths: 12,
    });
    if (intent?.kind !== 'coverage_ending' && intent?.kind !== 'coverage_ended') throw new Error('no coverage notice');
    // Through the contract, as the notify path does: the domain's params must fit it.
    return intent.kind === 'coverage_ending'
      ? coverageNoticeText(language, intent.kind, NOTIFICATION_PARAMS.coverage_ending.parse(intent.params))
      : coverageNoticeText(language, intent.kind, NOTIFICATION_PARAMS.coverage_ended.parse(intent.params));
  };

  it('tells a self-payer how many months to pay and what it costs', () => {
    // Paid January 2025 – August 2026 on time, then nothing: on 1 December September and October are owed.
    const text = render(onTime('2025-01', '2026-08'), '2026-12-01');
    const [month, total] = [formatMoney('ru', 425_000), formatMoney('ru', 850_000)];
    expect(text).toBe(
      [
        '❗ По нашим данным, вы не застрахованы в ОСМС. Последний день страхования: 30 ноября 2026 г.',
        `Чтобы восстановить страхование, оплатите пропущенные месяцы: 2 мес. × ${month} = ${total}. Оплатить можно в приложении любого банка или на egov.kz (платёж «Взносы ОСМС»).`,
        'Учитываются только последние 12 месяцев, месяцы до 2020 года не учитываются. Точный статус: Фонд социального медицинского страхования (ФСМС) — 1406.',
      ].join('\n'),
    );
    expect(render(onTime('2026-01', '2026-06'), '2026-10-01', 'kk')).toContain(
      `кемінде 2 ай × ${formatMoney('kk', 425_000)} = ${formatMoney('kk', 850_000)}`,
    );
  });

  it('never gives a state-paid person an amount, and sends them to the Fund', () => {
    const text = render(onTime('2025-01', '2026-06', state), '2026-10-01') ?? '';
    expect(text).toContain('Взносы за вас платит государство, но взнос за июль 2026 г. не поступил');
    expect(text).toContain('1406');
    expect(text).not.toMatch(/₸/);
    expect(render(onTime('2025-01', '2026-06', state), '2026-10-01', 'kk')).not.toMatch(/₸/);
  });

  it("tells an employee it is the employer's payment that is missing", () => {
    expect(render(onTime('2025-01', '2026-06', employer), '2026-09-16', 'kk')).toContain(
      'Жұмыс берушіңіздің 2026 жылғы шілде айы үшін аударымдары бізге түскен жоқ.',
    );
  });

  it('tells an ЕСП payer the paid month only and the next month to pay', () => {
    const text = render(onTime('2026-01', '2026-03', esp), '2026-04-01') ?? '';
    expect(text).toContain('ЕСП за март 2026 г. действовал до 31 марта 2026 г. включительно');
    expect(text).toContain('ЕСП за апрель 2026 г. ещё не поступил');
  });

  it('says on /status once, not twice, that an ЕСП status is our forecast', () => {
    const insurance = insuranceStatus({ payments: onTime('2026-01', '2026-03', esp), at: at('2026-04-01T10:00') });
    const text = statusText('ru', { insurance } as CitizenView);
    const note = renderMessage('ru', 'forecast-note', {});
    expect(text.split(note).length - 1).toBe(1);
  });
});
