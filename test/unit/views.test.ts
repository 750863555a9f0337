import { describe, expect, it } from 'vitest';
import { paymentsText } from '../../functions/bot/screens';
import { toFactRecord } from '../../shared/app/fact-record';
import { caseFactRecords, casePartiesOf, casesOfCitizen, citizenView } from '../../shared/app/views';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import { application, at, credited, exemption, IIN, paidMonths } from '../helpers/events';
import { testIdentity } from '../helpers/identity';
import { InMemoryFactStore } from '../helpers/in-memory-fact-store';

describe('case views: who a case concerns', () => {
  it('follows the corrected application, so the first applicant is no longer told or shown the case', async () => {
    const facts = new InMemoryFactStore();
    const wrong = application(
      { caseId: 'OB-9', iin: IIN.bolat },
      { eventId: 'app-a', occurredAt: '2026-03-02T10:00:00+05:00' },
    );
    const corrected = application(
      { caseId: 'OB-9', iin: IIN.aigerim },
      { eventId: 'app-b', occurredAt: '2026-03-03T10:00:00+05:00' },
    );
    for (const event of [wrong, corrected, credited({ caseId: 'OB-9' })])
      await facts.record(toFactRecord(event, testIdentity));
    const aigerim = testIdentity.citizenKey(IIN.aigerim);
    const bolat = testIdentity.citizenKey(IIN.bolat);
    expect(casePartiesOf(await caseFactRecords(facts, 'OB-9'))).toEqual([aigerim]);
    const context = { facts, at: at('2026-04-01T12:00'), calendar: kazakhstanCalendar() };
    expect((await casesOfCitizen(context, aigerim)).map((c) => c.caseId)).toEqual(['OB-9']);
    expect(await casesOfCitizen(context, bolat)).toEqual([]);
  });
});

describe('citizen view: exempt months (issue 14 item 1, review)', () => {
  it('shows the months of an exemption in conflict as being checked, never ❌', async () => {
    const facts = new InMemoryFactStore();
    const data = { iin: IIN.dana, basis: 'art28_p7', from: '2026-01-01' };
    const events = [
      ...paidMonths('2025-10', '2025-12', { iin: IIN.dana, payerType: 'employer', kind: 'deduction' }),
      exemption({ ...data, to: '2026-12-31' }, { eventId: 'ex-1' }),
      exemption({ ...data, to: '2026-11-30' }, { eventId: 'ex-1' }),
    ];
    for (const event of events) await facts.record(toFactRecord(event, testIdentity));
    const context = { facts, at: at('2026-05-10T12:00'), calendar: kazakhstanCalendar() };
    const view = await citizenView(context, testIdentity.citizenKey(IIN.dana));
    const months = view.contributions.filter((month) => month.period >= '2026-01');
    expect(months.map((month) => month.state)).toEqual(Array(5).fill('under_review'));
    expect(paymentsText('ru', view.contributions)).not.toContain('❌');
  });

  it('shows the months an exemption covers as exempt on /payments: no ❌, no "pay"', async () => {
    const facts = new InMemoryFactStore();
    const events = [
      ...paidMonths('2025-10', '2025-12', { iin: IIN.dana, payerType: 'employer', kind: 'deduction' }),
      exemption({ iin: IIN.dana, basis: 'art28_p7', from: '2026-01-01', to: '2026-12-31' }),
    ];
    for (const event of events) await facts.record(toFactRecord(event, testIdentity));
    const context = { facts, at: at('2026-05-10T12:00'), calendar: kazakhstanCalendar() };
    const view = await citizenView(context, testIdentity.citizenKey(IIN.dana));
    const exemptMonths = view.contributions.filter((month) => month.period >= '2026-01');
    expect(exemptMonths.map((month) => month.state)).toEqual(['exempt', 'exempt', 'exempt', 'exempt', 'exempt']);
    for (const language of ['kk', 'ru'] as const) {
      const text = paymentsText(language, view.contributions);
      expect(text).not.toContain('❌');
      expect(text).not.toMatch(/оплатить|төлеңіз/u);
    }
  });
});
