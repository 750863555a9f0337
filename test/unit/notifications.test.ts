import { describe, expect, it } from 'vitest';
import { notificationId } from '../../shared/app/notify-citizens';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import { caseSchedules, stillWorthFiring } from '../../shared/domain/case-schedule';
import { caseChanges } from '../../shared/domain/changes';
import { coverageNotice, coverageRestored } from '../../shared/domain/coverage-notices';
import { formatKazakhstanInstant } from '../../shared/domain/dates';
import { derive } from '../../shared/domain/derive';
import type { UpstreamEvent } from '../../shared/domain/events';
import { insuranceStatus } from '../../shared/domain/insurance';
import { caseChangeNotifications, deliveryTime } from '../../shared/domain/notifications';
import { rejected } from '../helpers/case-events';
import { application, at, credited, documents, paidMonths, returned, transfer } from '../helpers/events';

const calendar = kazakhstanCalendar();
const caseAt = (local: string, ...events: UpstreamEvent[]) => {
  const status = derive({ events, at: at(local), calendar }).cases.get('OB-1');
  if (!status) throw new Error('no case');
  return status;
};
const local = (instant: number) => formatKazakhstanInstant(instant);

describe('case schedules', () => {
  it('plans five reminders, the return trigger, and nothing for a transfer before documents', () => {
    const status = caseAt('2026-03-21T10:00', application(), credited({ creditedOn: '2026-03-20' }));
    expect(caseSchedules(status).map((s) => [s.key, local(s.at)])).toEqual([
      ['documents_reminder-10', '2026-05-18T10:00:00+05:00'],
      ['documents_reminder-5', '2026-05-25T10:00:00+05:00'],
      ['documents_reminder-2', '2026-05-29T10:00:00+05:00'],
      ['documents_reminder-1', '2026-06-01T10:00:00+05:00'],
      ['documents_reminder-0', '2026-06-02T09:00:00+05:00'],
      ['return_to_fund', '2026-06-03T12:00:00+05:00'],
    ]);
  });

  it('replaces reminders and trigger by the clinic-payment check once documents are in', () => {
    const status = caseAt('2026-04-16T10:00', application(), credited(), documents({ submittedOn: '2026-04-15' }));
    expect(caseSchedules(status).map((s) => [s.key, local(s.at)])).toEqual([
      ['transfer_overdue_check-1', '2026-04-23T10:00:00+05:00'],
    ]);
  });

  it('skips reminders more than 12 hours late, or once quiet hours begin, but always fires triggers', () => {
    const at = Date.parse('2026-05-18T05:00:00Z');
    expect(stillWorthFiring({ kind: 'documents_reminder', at }, at + 10 * 3_600_000)).toBe(true);
    // 21:00: the sender would hold it until 09:00 the next day, a working day off.
    expect(stillWorthFiring({ kind: 'documents_reminder', at }, at + 11 * 3_600_000)).toBe(false);
    expect(stillWorthFiring({ kind: 'documents_reminder', at }, at + 13 * 3_600_000)).toBe(false);
    expect(stillWorthFiring({ kind: 'return_to_fund', at }, at + 30 * 86_400_000)).toBe(true);
  });
});

describe('notifications: what to tell', () => {
  it('tells the citizen the money arrived, with the deadline', () => {
    const status = caseAt(
      '2026-03-21T10:00',
      application(),
      credited({ creditedOn: '2026-03-20', amountTiyn: 250_000_000 }),
    );
    expect(caseChangeNotifications(['deadline_set', 'plan_changed'], status)).toEqual([
      {
        kind: 'funds_credited',
        subject: 'OB-1',
        date: '2026-03-20',
        params: { amountTiyn: 250_000_000, creditedOn: '2026-03-20', deadline: '2026-06-02', workingDays: 45 },
      },
    ]);
  });

  it('tells why documents were rejected, once per stage and rejection date (issue 13 item 7)', () => {
    const rejection = (rejectedOn: string, stage: 1 | 2 = 1) =>
      rejected({ rejectedOn, stage, reasonCode: 'translation_missing' });
    const status = caseAt('2026-04-21T10:00', application(), credited(), documents(), rejection('2026-04-20'));
    const [intent] = caseChangeNotifications(['documents_rejected', 'plan_changed'], status);
    expect(intent).toEqual({
      kind: 'documents_rejected',
      subject: 'OB-1',
      date: '2026-04-20',
      variant: 'stage-1',
      params: { rejectedOn: '2026-04-20', reasonCode: 'translation_missing', stage: 1 },
    });
    const later = caseAt('2026-04-23T10:00', application(), credited(), documents(), rejection('2026-04-22'));
    const [again] = caseChangeNotifications(['documents_rejected'], later);
    expect(again && notificationId(again, 42)).not.toBe(intent && notificationId(intent, 42));
    expect(caseChangeNotifications(['plan_changed'], status)).toEqual([]);
  });

  it('tells what the clinic was paid and what remainder went back (issue 13 item 9)', () => {
    const status = caseAt(
      '2026-04-25T10:00',
      application(),
      credited({ amountTiyn: 250_000_000 }),
      documents(),
      transfer({ transferredOn: '2026-04-20', amountTiyn: 240_000_000 }),
      returned({ returnedOn: '2026-04-24', amountTiyn: 10_000_000, kind: 'remainder' }),
    );
    expect(status.state).toBe('paid');
    expect(caseChangeNotifications(['remainder_returned'], status)).toEqual([
      {
        kind: 'remainder_returned',
        subject: 'OB-1',
        date: '2026-04-24',
        params: { returnedOn: '2026-04-24', paidTiyn: 240_000_000, remainderTiyn: 10_000_000 },
      },
    ]);
  });

  it('announces money credited again after a return with the new window, under its own id (issue 13 item 8)', () => {
    const back = [application(), credited({ creditedOn: '2026-03-20' }), returned({ returnedOn: '2026-06-05' })];
    const before = caseAt('2026-06-15T12:00', ...back);
    const status = caseAt('2026-06-15T12:00', ...back, credited({ creditedOn: '2026-06-15', amountTiyn: 250_000_000 }));
    const deadline = calendar.addWorkingDays('2026-06-15', 45);
    expect(caseChangeNotifications(caseChanges(before, status), status)).toEqual([
      {
        kind: 'funds_credited',
        subject: 'OB-1',
        date: '2026-06-15',
        params: { amountTiyn: 250_000_000, creditedOn: '2026-06-15', deadline, workingDays: 45 },
      },
    ]);
  });

  it('gives each notification a deterministic id per chat', () => {
    const intent = {
      kind: 'coverage_ending' as const,
      subject: 'c1.x',
      date: '2026-09-30',
      variant: 'days-14',
      params: {},
    };
    expect(notificationId(intent, 42)).toBe('coverage_ending|c1.x|2026-09-30|days-14|42');
    expect(notificationId(intent, 42)).toBe(notificationId({ ...intent, params: { other: 1 } }, 42));
  });

  it('reminds 14 and 3 days before coverage ends, and says it ended on the day after', () => {
    const insurance = insuranceStatus({
      payments: paidMonths('2026-01', '2026-06').map((e) => e.data),
      at: at('2026-09-01T10:00'),
    });
    expect(insurance.coveredThrough).toBe('2026-09-30');
    const notice = (today: string) =>
      coverageNotice({ citizenKey: 'c1.x', insurance, today, monthlyAmountTiyn: 425_000, restoreMaxMonths: 12 });
    expect(notice('2026-09-16')).toMatchObject({ kind: 'coverage_ending', params: { days: 14 } });
    expect(notice('2026-09-27')).toMatchObject({ kind: 'coverage_ending', params: { days: 3 } });
    expect(notice('2026-09-20')).toBeUndefined();
    expect(notice('2026-10-01')).toMatchObject({ kind: 'coverage_ended', params: { restoreMonths: 3 } });
    expect(notice('2026-10-02')).toBeUndefined();
  });

  it('welcomes back only when a payment turns a lapsed status into insured', () => {
    const payments = paidMonths('2026-01', '2026-03').map((e) => e.data);
    const lapsed = insuranceStatus({ payments, at: at('2026-07-10T10:00') });
    const restored = insuranceStatus({
      payments: [...payments, ...paidMonths('2026-04', '2026-06').map((e) => e.data)],
      at: at('2026-07-10T10:00'),
    });
    expect(lapsed.status).toBe('not_insured');
    expect(coverageRestored({ citizenKey: 'c1.x', before: lapsed, after: restored })).toMatchObject({
      kind: 'coverage_restored',
      params: { coveredThrough: '2026-09-30' },
    });
    expect(coverageRestored({ citizenKey: 'c1.x', before: restored, after: restored })).toBeUndefined();
  });
});

describe('quiet hours', () => {
  it('delivers between 09:00 and 21:00 at once, and otherwise at the next 09:00 Kazakhstan time', () => {
    const kz = (text: string) => Date.parse(`${text}+05:00`);
    expect(deliveryTime(kz('2026-05-18T10:00:00'))).toBe(kz('2026-05-18T10:00:00'));
    expect(deliveryTime(kz('2026-05-18T20:59:59'))).toBe(kz('2026-05-18T20:59:59'));
    expect(local(deliveryTime(kz('2026-05-18T21:00:00')))).toBe('2026-05-19T09:00:00+05:00');
    expect(local(deliveryTime(kz('2026-05-19T00:00:00')))).toBe('2026-05-19T09:00:00+05:00');
    expect(local(deliveryTime(kz('2026-12-31T23:30:00')))).toBe('2027-01-01T09:00:00+05:00');
  });
});
