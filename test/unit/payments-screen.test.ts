import { describe, expect, it } from 'vitest';
import { paymentsText } from '../../functions/bot/screens';
import { contributionHistory, rejectionCause } from '../../shared/domain/insurance';
import { formatMonth } from '../../shared/messages/format';
import { at, paidMonths, payment } from '../helpers/events';

describe('/payments (issue 14 item 1)', () => {
  it('shows a month in conflict as being checked, never as not received', () => {
    const payments = paidMonths('2026-01', '2026-03').map((event) => event.data);
    const months = contributionHistory({ payments, at: at('2026-06-01T12:00'), underReview: ['2026-04'] });
    for (const language of ['kk', 'ru'] as const) {
      const text = paymentsText(language, months);
      const april = formatMonth(language, '2026-04');
      expect(text).toContain(`🔎 ${april}`);
      expect(text).not.toContain(`❌ ${april}`);
    }
  });

  it('leaves out the months before our data begins, says from when, and marks a gap only after its due date', () => {
    const payments = paidMonths('2026-03', '2026-03').map((event) => event.data);
    const text = paymentsText('ru', contributionHistory({ payments, at: at('2026-06-01T12:00') }));
    expect(text).not.toContain('февраль 2026 г.');
    expect(text).toContain('❌ апрель 2026 г. — не поступило');
    expect(text).toContain(
      '⏳ май 2026 г. — срок ещё не наступил (взнос должен поступить до 25 июня 2026 г. включительно)',
    );
    expect(text).toContain('Первый месяц, о котором у нас есть данные, — март 2026 г.');
    expect(text.match(/❌/g)).toHaveLength(1);
  });

  it('says who sent a rejected payment, how much, why and what to do', () => {
    const rejected = payment({
      period: '2026-04',
      payerType: 'employer',
      kind: 'deduction',
      amountTiyn: 900_000,
      status: 'rejected',
      rejectReason: 'name does not match the IIN',
    }).data;
    const payments = [...paidMonths('2026-03', '2026-04').map((event) => event.data), rejected];
    const months = contributionHistory({ payments, at: at('2026-05-20T12:00') });
    expect(paymentsText('kk', months)).toContain(
      '↳ Қабылданбаған төлем: жұмыс беруші, 9\u00a0000\u00a0₸. Себебі: аты-жөні ЖСН-ге сәйкес келмейді. Жұмыс берушіңізден төлемді дұрыс деректермен қайта жіберуін сұраңыз.',
    );
    expect(paymentsText('ru', months)).toContain('Попросите работодателя отправить платёж заново с верными данными.');
  });

  it('reads the reason of a rejection in words', () => {
    expect(rejectionCause('wrong IIN')).toBe('iin');
    expect(rejectionCause('name mismatch')).toBe('name');
    expect(rejectionCause('Неверная сумма')).toBe('amount');
    expect(rejectionCause(undefined)).toBe('other');
  });

  it('says we have no data yet when nothing arrived for the last 12 months', () => {
    const text = paymentsText('kk', contributionHistory({ payments: [], at: at('2026-05-20T12:00') }));
    expect(text).not.toContain('❌');
    expect(text).toContain('1406');
  });
});
