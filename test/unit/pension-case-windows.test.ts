import { describe, expect, it } from 'vitest';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import { nextStep } from '../../shared/domain/case-guidance';
import { caseSchedules } from '../../shared/domain/case-schedule';
import { derive } from '../../shared/domain/derive';
import type { UpstreamEvent } from '../../shared/domain/events';
import { application, at, credited, dkk, documents, returned, transfer } from '../helpers/events';

const calendar = kazakhstanCalendar();

function caseAt(local: string, ...events: UpstreamEvent[]) {
  const status = derive({ events, at: at(local), calendar }).cases.get('OB-1');
  if (!status) throw new Error('no case OB-1');
  return status;
}

describe('pension case: money credited again after a return (seed 000 §23)', () => {
  const first = [
    application({ submittedOn: '2026-03-02' }),
    credited({ creditedOn: '2026-03-20' }, { occurredAt: '2026-03-20T12:00:00+05:00' }),
    returned({ returnedOn: '2026-06-05', kind: 'unused_deadline' }),
  ];
  const again = credited(
    { creditedOn: '2026-07-01', amountTiyn: 200_000_000 },
    { occurredAt: '2026-07-01T12:00:00+05:00' },
  );

  it('starts a new window with its own deadline, reminders and return trigger', () => {
    const status = caseAt('2026-07-02T12:00', ...first, again);
    const deadline = calendar.addWorkingDays('2026-07-01', 45);
    expect(status).toMatchObject({
      state: 'funds_credited',
      creditedOn: '2026-07-01',
      amountTiyn: 200_000_000,
      documentsDeadline: deadline,
      deadlinePhase: 'before',
      returned: null,
    });
    expect(status.reminders).toHaveLength(5);
    expect(caseSchedules(status).map((s) => s.kind)).toContain('return_to_fund');
    expect(status.windows).toEqual([
      {
        creditedOn: '2026-03-20',
        amountTiyn: 250_000_000,
        documentsDeadline: '2026-06-02',
        returned: {
          returnedOn: '2026-06-05',
          amountTiyn: 250_000_000,
          kind: 'unused_deadline',
          exchangeDifferenceTiyn: null,
        },
      },
      { creditedOn: '2026-07-01', amountTiyn: 200_000_000, documentsDeadline: deadline, returned: null },
    ]);
    expect(nextStep(status)).toBe('get-dkk');
  });

  it('lets the new window run out on its own: the return order is due for the new credit', () => {
    const deadline = calendar.addWorkingDays('2026-07-01', 45);
    const settle = calendar.addWorkingDays(deadline, 1);
    const status = caseAt(`${settle}T12:00`, ...first, again);
    expect(status).toMatchObject({ state: 'return_due', returnToFundDue: true, creditedOn: '2026-07-01' });
  });

  it('does not count documents of the first window in the second', () => {
    const late = documents({ submittedOn: '2026-06-10' });
    const status = caseAt('2026-07-02T12:00', ...first, late, again);
    expect(status).toMatchObject({ state: 'funds_credited', awaitingTransfer: null });
    expect(status.documentsWindow).not.toBeNull();
  });

  it('reads a second credit without a return between as a correction, not a new window', () => {
    const correction = credited({ creditedOn: '2026-03-19' }, { occurredAt: '2026-03-21T08:00:00+05:00' });
    const status = caseAt('2026-04-01T12:00', application(), first[1] as UpstreamEvent, correction);
    expect(status.creditedOn).toBe('2026-03-19');
    expect(status.windows).toHaveLength(1);
  });
});

describe('pension case: the unused remainder goes back to ENPF (§23 ¶2)', () => {
  const paid = [
    application({ submittedOn: '2026-03-02' }),
    credited({ creditedOn: '2026-03-20', amountTiyn: 250_000_000 }),
    dkk(),
    documents({ submittedOn: '2026-04-15' }),
    transfer({ transferredOn: '2026-04-20', amountTiyn: 240_000_000 }),
  ];

  it('shows the clinic paid and the remainder returned, not "money returned"', () => {
    const remainder = returned({ returnedOn: '2026-04-27', amountTiyn: 10_000_000, kind: 'remainder' });
    const status = caseAt('2026-04-28T12:00', ...paid, remainder);
    expect(status).toMatchObject({
      state: 'paid',
      paidToClinicTiyn: 240_000_000,
      returned: { returnedOn: '2026-04-27', amountTiyn: 10_000_000, kind: 'remainder', exchangeDifferenceTiyn: null },
      returnToFundDue: false,
    });
  });

  it('reads a return after a clinic payment as the remainder when the operator does not say which it is', () => {
    const status = caseAt('2026-04-28T12:00', ...paid, returned({ returnedOn: '2026-04-27', amountTiyn: 10_000_000 }));
    expect(status).toMatchObject({ state: 'paid', returned: { kind: 'remainder' } });
  });

  it('carries the exchange difference of a foreign-currency case when the event has it', () => {
    const abroad = [
      application({ submittedOn: '2026-03-02' }),
      credited({ creditedOn: '2026-03-20', amountTiyn: 250_000_000, currency: 'KZT' }),
      transfer({ transferredOn: '2026-04-20', amountTiyn: 230_000_000 }),
      returned({
        returnedOn: '2026-04-27',
        amountTiyn: 19_000_000,
        kind: 'remainder',
        exchangeDifferenceTiyn: -1_000_000,
      }),
    ];
    expect(caseAt('2026-04-28T12:00', ...abroad).returned).toMatchObject({ exchangeDifferenceTiyn: -1_000_000 });
  });

  it('keeps a return without any clinic payment as the deadline return', () => {
    const status = caseAt('2026-06-10T12:00', ...paid.slice(0, 2), returned({ returnedOn: '2026-06-05' }));
    expect(status).toMatchObject({ state: 'returned', paidToClinicTiyn: 0, returned: { kind: 'unused_deadline' } });
  });
});
