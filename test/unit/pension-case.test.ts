import { describe, expect, it } from 'vitest';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import { nextStep } from '../../shared/domain/case-guidance';
import { derive } from '../../shared/domain/derive';
import type { UpstreamEvent } from '../../shared/domain/events';
import { transferRequested } from '../helpers/case-events';
import { application, at, credited, dkk, documents, IIN, returned, transfer } from '../helpers/events';

const calendar = kazakhstanCalendar();

function caseAt(local: string, ...events: UpstreamEvent[]) {
  const status = derive({ events, at: at(local), calendar }).cases.get('OB-1');
  if (!status) throw new Error('no case OB-1');
  return status;
}

describe('pension case: documents deadline and reminders (seed 000 §23)', () => {
  const base = [application(), credited({ creditedOn: '2026-03-20' })];

  it('sets the deadline at the 45th working day after the credit, across Nauryz and May holidays', () => {
    const status = caseAt('2026-03-21T10:00', ...base);
    expect(status).toMatchObject({
      state: 'funds_credited',
      creditedOn: '2026-03-20',
      documentsDeadline: '2026-06-02',
    });
    expect(status.documentsWindow).toEqual({ totalWorkingDays: 45, elapsedWorkingDays: 0, leftWorkingDays: 45 });
  });

  it('plans reminders at 10:00 on the working days 10, 5, 2 and 1 before the deadline, and at 09:00 on it', () => {
    expect(caseAt('2026-03-21T10:00', ...base).reminders).toEqual([
      { kind: 'documents_reminder', workingDaysLeft: 10, at: '2026-05-18T10:00:00+05:00' },
      { kind: 'documents_reminder', workingDaysLeft: 5, at: '2026-05-25T10:00:00+05:00' },
      { kind: 'documents_reminder', workingDaysLeft: 2, at: '2026-05-29T10:00:00+05:00' },
      { kind: 'documents_reminder', workingDaysLeft: 1, at: '2026-06-01T10:00:00+05:00' },
      { kind: 'documents_reminder', workingDaysLeft: 0, at: '2026-06-02T09:00:00+05:00' },
    ]);
  });

  it('returns money to the fund when no documents arrive within 45 working days, after the settle window', () => {
    // Deadline Tue 2 June; the order may go out at 12:00 of the next working day, so late uploads still count.
    const before = caseAt('2026-06-03T11:59', ...base);
    expect(before).toMatchObject({ returnToFundAt: '2026-06-03T12:00:00+05:00', returnToFundDue: false });
    const after = caseAt('2026-06-03T12:00', ...base);
    expect(after).toMatchObject({ state: 'return_due', returnToFundDue: true });
    expect(after.documentsWindow).toMatchObject({ elapsedWorkingDays: 45, leftWorkingDays: 0 });
  });

  it('keeps the money when stage-1 documents arrive on the deadline day', () => {
    const status = caseAt('2026-06-10T12:00', ...base, documents({ submittedOn: '2026-06-02' }));
    expect(status).toMatchObject({ state: 'documents_submitted', returnToFundAt: null, returnToFundDue: false });
    expect(status.reminders).toEqual([]);
    expect(status.documentsWindow).toBeNull();
  });

  it('still returns the money when the documents come after the deadline', () => {
    const status = caseAt('2026-06-10T12:00', ...base, documents({ submittedOn: '2026-06-03' }));
    expect(status).toMatchObject({ state: 'return_due', returnToFundDue: true });
  });

  it('ends as returned once the money is back at ENPF', () => {
    const status = caseAt('2026-06-10T12:00', ...base, returned({ returnedOn: '2026-06-05' }));
    expect(status).toMatchObject({ state: 'returned', returnToFundDue: false });
    expect(status.reminders).toEqual([]);
  });

  it('puts a deadline that falls at the year end on 31 December and the order after the New Year days off', () => {
    const decemberDeadline = calendar.workingDaysBefore('2026-12-31', 45);
    const status = caseAt('2026-11-01T10:00', application(), credited({ creditedOn: decemberDeadline }));
    expect(status.documentsDeadline).toBe('2026-12-31');
    // 1–2 Jan are holidays, 2 Jan falls on Saturday so Monday 4 Jan is off too: the next working day is 5 Jan.
    expect(status.returnToFundAt).toBe('2027-01-05T12:00:00+05:00');
  });

  it('has no deadline before the money is credited', () => {
    const status = caseAt('2026-03-05T10:00', application());
    expect(status).toMatchObject({ state: 'application_submitted', documentsDeadline: null, returnToFundAt: null });
    expect(status.reminders).toEqual([]);
  });
});

describe('pension case: transfers and ДКК', () => {
  const base = [application(), credited({ creditedOn: '2026-03-20' })];

  it('expects the clinic to be paid within 5 working days of domestic documents, and flags it overdue after', () => {
    const docs = documents({ submittedOn: '2026-04-15', transferKind: 'domestic' });
    expect(caseAt('2026-04-22T12:00', ...base, docs)).toMatchObject({
      transferDue: '2026-04-22',
      transferOverdue: false,
    });
    expect(caseAt('2026-04-23T12:00', ...base, docs)).toMatchObject({ transferOverdue: true });
    const paid = caseAt('2026-04-23T12:00', ...base, docs, transfer({ transferredOn: '2026-04-23' }));
    expect(paid).toMatchObject({ state: 'paid', transferDue: null, transferOverdue: false });
  });

  it('allows 3 working days for conversion and international transfers, from the signed application (§22)', () => {
    const docs = documents({ submittedOn: '2026-04-15', transferKind: 'international' });
    const signed = transferRequested({ signedOn: '2026-04-17', transferKind: 'international' });
    expect(caseAt('2026-04-17T12:00', ...base, docs, signed)).toMatchObject({
      transferDue: '2026-04-22',
      awaitingTransfer: { stage: 1, applicationSignedOn: '2026-04-17', due: '2026-04-22' },
      awaitingApplication: null,
    });
  });

  it('flags a ДКК conclusion entered more than 2 working days after its session', () => {
    const onTime = caseAt(
      '2026-04-10T12:00',
      ...base,
      dkk({ sessionDate: '2026-04-06', enteredAt: '2026-04-08T18:00:00+05:00' }),
    );
    expect(onTime).toMatchObject({ state: 'dkk_issued', dkkEnteredLate: false });
    const late = caseAt(
      '2026-04-10T12:00',
      ...base,
      dkk({ sessionDate: '2026-04-06', enteredAt: '2026-04-09T09:00:00+05:00' }),
    );
    expect(late.dkkEnteredLate).toBe(true);
    expect(late.dkk[0]).toMatchObject({ entryDueOn: '2026-04-08', enteredLate: true });
  });

  it('attaches a conclusion without a case id to the cases of its patient', () => {
    const forPatient = [
      application({ patientIin: IIN.dana }),
      credited(),
      dkk({ caseId: undefined, iin: IIN.dana }),
      dkk({ conclusionId: 'D-other', caseId: undefined, iin: IIN.bolat }),
    ];
    const status = caseAt('2026-04-10T12:00', ...forPatient);
    expect(status.dkk.map((d) => d.conclusionId)).toEqual(['D-1']);
  });
});

describe('pension case: two-stage dental treatment (§11, §20–§22-1)', () => {
  const dental = [application({ treatment: 'dental_implantation' }), credited({ creditedOn: '2025-06-02' })];

  it('goes stage 1 → stage1_paid → stage-2 documents → paid', () => {
    const stage1 = [
      ...dental,
      dkk({ sessionDate: '2025-06-10', enteredAt: '2025-06-10T15:00:00+05:00' }),
      documents({ submittedOn: '2025-06-20' }),
    ];
    expect(caseAt('2025-06-21T12:00', ...stage1)).toMatchObject({
      state: 'documents_submitted',
      stage: 1,
      twoStage: true,
    });
    const paid1 = [...stage1, transfer({ transferredOn: '2025-06-24' })];
    expect(caseAt('2025-06-25T12:00', ...paid1)).toMatchObject({ state: 'stage1_paid', stage: 2 });
    const docs2 = [...paid1, documents({ stage: 2, submittedOn: '2025-10-01', transferKind: 'domestic' })];
    expect(caseAt('2025-10-02T12:00', ...docs2)).toMatchObject({
      state: 'documents_submitted',
      stage: 2,
      transferDue: '2025-10-08',
    });
    const paid2 = [...docs2, transfer({ stage: 2, transferredOn: '2025-10-06' })];
    expect(caseAt('2025-10-07T12:00', ...paid2)).toMatchObject({ state: 'paid', stage: 2, returnToFundDue: false });
  });

  it('is judged by the rules in force on the day its money was credited, even after dental was removed', () => {
    const status = caseAt('2026-02-01T12:00', ...dental);
    expect(status.ruleSetId).toBe('dsm18-order33');
    expect(status.twoStage).toBe(true);
  });
});

describe('pension case: the last day reads as the last day', () => {
  const base = [application({ submittedOn: '2026-03-02' }), credited({ creditedOn: '2026-03-20' })];

  it('is "before" up to the day before the deadline, "last_day" on it and "passed" after it', () => {
    expect(caseAt('2026-06-01T18:00', ...base)).toMatchObject({
      deadlinePhase: 'before',
      documentsWindow: { leftWorkingDays: 1 },
    });
    expect(caseAt('2026-06-02T00:00', ...base).deadlinePhase).toBe('last_day');
    expect(caseAt('2026-06-02T23:59', ...base).deadlinePhase).toBe('last_day');
    // Before the settle moment (12:00 of the next working day) the order is not due yet, but the day is over.
    const passed = caseAt('2026-06-03T09:00', ...base);
    expect(passed).toMatchObject({ deadlinePhase: 'passed', returnToFundDue: false, state: 'funds_credited' });
    expect(nextStep(passed)).toBe('contact-operator');
  });

  it('has no deadline phase once documents are in or before the money arrived', () => {
    expect(caseAt('2026-06-02T10:00', ...base, documents({ submittedOn: '2026-06-01' })).deadlinePhase).toBeNull();
    expect(caseAt('2026-03-10T10:00', application()).deadlinePhase).toBeNull();
  });
});

describe('pension case: rule versions have an effect (review flags)', () => {
  it('flags money credited for a treatment the rules in force on the credit date do not list', () => {
    const dental = [
      application({ treatment: 'dental_implantation', submittedOn: '2025-11-25' }),
      credited({ creditedOn: '2025-12-10' }),
    ];
    const status = caseAt('2025-12-11T12:00', ...dental);
    expect(status.reviewFlags).toEqual([
      {
        code: 'treatment_not_allowed',
        ruleSetId: 'dsm18-order150',
        on: '2025-12-10',
        provisional: true,
        why: 'treatment dental_implantation is not allowed by rule set dsm18-order150 in force on the credit date 2025-12-10',
      },
    ]);
    // The clock of §23 runs anyway; the citizen is sent to the operator instead of being told to prepare documents.
    expect(status.documentsDeadline).not.toBeNull();
    expect(status.reminders).toHaveLength(5);
    expect(nextStep(status)).toBe('contact-operator');
  });

  it('does not flag dental money credited while dental treatment was still listed', () => {
    const dental = [
      application({ treatment: 'dental_implantation', submittedOn: '2025-11-20' }),
      credited({ creditedOn: '2025-12-03' }),
    ];
    expect(caseAt('2025-12-04T12:00', ...dental).reviewFlags).toEqual([]);
  });

  it('flags an application dated during the pause, and keeps guiding the citizen through the credited money', () => {
    const status = caseAt(
      '2026-02-21T12:00',
      application({ submittedOn: '2026-02-02' }),
      credited({ creditedOn: '2026-02-20' }),
    );
    expect(status.reviewFlags).toMatchObject([
      { code: 'application_during_pause', ruleSetId: 'dsm18-paused-2026', on: '2026-02-02', provisional: false },
    ]);
    expect(nextStep(status)).toBe('get-dkk');
    expect(caseAt('2026-02-21T12:00', application({ submittedOn: '2026-01-09' })).reviewFlags).toEqual([]);
  });
});
