import { describe, expect, it } from 'vitest';
import { paymentsText } from '../../functions/bot/screens';
import { contributionHistory } from '../../shared/domain/insurance';
import { formatMonth } from '../../shared/messages/format';
import { renderMessage } from '../../shared/messages/render';
import { at, paidMonths } from '../helpers/events';

describe('/payments', () => {
  it('shows a month in conflict as being checked, never as not received', () => {
    const payments = paidMonths('2026-01', '2026-03').map((event) => event.data);
    const months = contributionHistory({ payments, at: at('2026-06-01T12:00'), underReview: ['2026-04'] });
    for (const language of ['kk', 'ru'] as const) {
      const text = paymentsText(language, months);
      const april = formatMonth(language, '2026-04');
      expect(text).toContain(renderMessage(language, 'payments-month-under-review', { month: april }));
      expect(text).not.toContain(renderMessage(language, 'payments-month-missing', { month: april }));
    }
  });
});
