import { describe, expect, it } from 'vitest';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import { nextStep } from '../../shared/domain/case-guidance';
import { caseSchedules } from '../../shared/domain/case-schedule';
import { derive } from '../../shared/domain/derive';
import type { UpstreamEvent } from '../../shared/domain/events';
import { rejected, transferRequested } from '../helpers/case-events';
import { application, at, credited, dkk, documents, IIN, transfer } from '../helpers/events';

const calendar = kazakhstanCalendar();

function deriveAt(local: string, ...events: UpstreamEvent[]) {
  return derive({ events, at: at(local), calendar });
}

function caseAt(local: string, ...events: UpstreamEvent[]) {
  const status = deriveAt(local, ...events).cases.get('OB-1');
  if (!status) throw new Error('no case OB-1');
  return status;
}

describe('pension case: money first, then ДКК (seed 000 §9)', () => {
  const base = [application({ submittedOn: '2026-03-02' }), credited({ creditedOn: '2026-03-20' })];

  it('holds a 2024 conclusion instead of attaching it to a 2026 case, and does not announce it', () => {
    const old = dkk({ sessionDate: '2024-05-10', enteredAt: '2024-05-11T10:00:00+05:00' });
    const result = deriveAt('2026-04-01T12:00', ...base, old);
    const status = result.cases.get('OB-1');
    expect(status).toMatchObject({ state: 'funds_credited', dkk: [] });
    expect(status?.heldConclusions).toEqual([{ conclusionId: 'D-1', reason: 'session_before_application' }]);
    expect(result.heldConclusions).toEqual([
      { conclusionId: 'D-1', patient: IIN.aigerim, reason: 'session_before_application', caseId: 'OB-1' },
    ]);
  });

  it('holds a conclusion whose session was before the money reached the special account', () => {
    const early = dkk({ sessionDate: '2026-03-19', enteredAt: '2026-03-19T15:00:00+05:00' });
    const status = caseAt('2026-04-01T12:00', ...base, early);
    expect(status.dkk).toEqual([]);
    expect(status.heldConclusions).toEqual([{ conclusionId: 'D-1', reason: 'session_before_credit' }]);
    const onCreditDay = dkk({ sessionDate: '2026-03-20', enteredAt: '2026-03-20T15:00:00+05:00' });
    expect(caseAt('2026-04-01T12:00', ...base, onCreditDay)).toMatchObject({
      state: 'dkk_issued',
      heldConclusions: [],
    });
  });

  it('never says "upload documents" before the money arrived, and attaches the conclusion once the credit is known', () => {
    const conclusion = dkk({ sessionDate: '2026-03-23', enteredAt: '2026-03-23T15:00:00+05:00' });
    const before = caseAt('2026-03-24T12:00', application({ submittedOn: '2026-03-02' }), conclusion);
    expect(before).toMatchObject({ state: 'application_submitted', dkk: [] });
    expect(before.heldConclusions).toEqual([{ conclusionId: 'D-1', reason: 'not_credited' }]);
    expect(nextStep(before)).toBe('none');
    const after = caseAt('2026-03-24T12:00', ...base, conclusion);
    expect(after).toMatchObject({ state: 'dkk_issued', heldConclusions: [] });
    expect(nextStep(after)).toBe('upload-documents');
  });

  it("holds a conclusion that names another patient's case, or no case of its patient", () => {
    const other = dkk({ iin: IIN.bolat, conclusionId: 'D-other' });
    const orphan = dkk({ caseId: undefined, iin: IIN.erlan, conclusionId: 'D-orphan' });
    const unknown = dkk({ caseId: 'OB-404', conclusionId: 'D-unknown' });
    const result = deriveAt('2026-04-10T12:00', ...base, other, orphan, unknown);
    expect(result.cases.get('OB-1')?.dkk).toEqual([]);
    expect(result.cases.has('OB-404')).toBe(false);
    expect(result.heldConclusions).toEqual([
      { conclusionId: 'D-orphan', patient: IIN.erlan, reason: 'no_case' },
      { conclusionId: 'D-other', patient: IIN.bolat, reason: 'other_patient', caseId: 'OB-1' },
      { conclusionId: 'D-unknown', patient: IIN.aigerim, reason: 'unknown_case', caseId: 'OB-404' },
    ]);
  });

  it("attaches a case-less conclusion to the patient's case that allows it, without holding it for another", () => {
    const older = [
      application({ caseId: 'OB-0', submittedOn: '2026-01-05' }),
      credited({ caseId: 'OB-0', creditedOn: '2026-05-04' }),
    ];
    const conclusion = dkk({ caseId: undefined, sessionDate: '2026-04-06' });
    const result = deriveAt('2026-05-05T12:00', ...base, ...older, conclusion);
    expect(result.cases.get('OB-1')?.dkk.map((d) => d.conclusionId)).toEqual(['D-1']);
    expect(result.cases.get('OB-0')?.dkk).toEqual([]);
    // The older case says why it did not take it; the review list does not, since a case of the patient did.
    expect(result.cases.get('OB-0')?.heldConclusions).toEqual([
      { conclusionId: 'D-1', reason: 'session_before_credit' },
    ]);
    expect(result.heldConclusions).toEqual([]);
  });

  it('does not hold conclusions of cases credited before order No. 33 came into force (2025-04-27)', () => {
    const before33 = [application({ submittedOn: '2025-03-03' }), credited({ creditedOn: '2025-04-10' })];
    const conclusion = dkk({ sessionDate: '2025-03-20', enteredAt: '2025-03-21T10:00:00+05:00' });
    expect(caseAt('2025-04-14T12:00', ...before33, conclusion).dkk).toHaveLength(1);
    const after33 = [application({ submittedOn: '2025-03-03' }), credited({ creditedOn: '2025-04-28' })];
    expect(caseAt('2025-04-29T12:00', ...after33, conclusion).dkk).toEqual([]);
  });
});

describe('pension case: documents rejected by the operator (§21)', () => {
  const base = [
    application({ submittedOn: '2026-03-02' }),
    credited({ creditedOn: '2026-03-20' }),
    dkk(),
    documents({ submittedOn: '2026-04-15' }, { occurredAt: '2026-04-15T10:00:00+05:00' }),
  ];
  const rejection = rejected(
    { rejectedOn: '2026-04-20', reasonCode: 'contract_mismatch' },
    { occurredAt: '2026-04-20T10:00:00+05:00' },
  );

  it('sends the case back to waiting for documents: same deadline, reminders resume, no clinic payment due', () => {
    const status = caseAt('2026-04-21T12:00', ...base, rejection);
    expect(status).toMatchObject({
      state: 'dkk_issued',
      documentsDeadline: '2026-06-02',
      deadlinePhase: 'before',
      transferDue: null,
      awaitingTransfer: null,
      documentsRejected: { stage: 1, rejectedOn: '2026-04-20', reasonCode: 'contract_mismatch' },
    });
    expect(status.reminders.map((r) => r.workingDaysLeft)).toEqual([10, 5, 2, 1, 0]);
    expect(caseSchedules(status).map((s) => s.key)).toContain('documents_reminder-10');
    expect(nextStep(status)).toBe('fix-documents');
  });

  it('never lets rejected documents stop the return order', () => {
    const status = caseAt('2026-06-03T12:00', ...base, rejection);
    expect(status).toMatchObject({ state: 'return_due', returnToFundDue: true });
  });

  it('counts documents handed in again after the rejection from their new date', () => {
    const again = documents({ submittedOn: '2026-05-05' }, { occurredAt: '2026-05-05T10:00:00+05:00' });
    const status = caseAt('2026-05-06T12:00', ...base, rejection, again);
    expect(status).toMatchObject({
      state: 'documents_submitted',
      documentsRejected: null,
      transferDue: '2026-05-14', // 7 May and 11 May (for Saturday 9 May) are days off
      returnToFundAt: null,
    });
  });

  it('tells a resubmission on the day of the rejection from the rejected upload by when each occurred', () => {
    const sameDay = documents({ submittedOn: '2026-04-20' }, { occurredAt: '2026-04-20T16:00:00+05:00' });
    expect(caseAt('2026-04-21T12:00', ...base, rejection, sameDay).state).toBe('documents_submitted');
    const rejectedLater = rejected({ rejectedOn: '2026-04-20' }, { occurredAt: '2026-04-20T17:00:00+05:00' });
    expect(caseAt('2026-04-21T12:00', ...base, sameDay, rejectedLater).state).toBe('dkk_issued');
  });

  it('takes back stage-2 documents of dental treatment without touching the paid first stage', () => {
    const dental = [
      application({ treatment: 'dental_implantation', submittedOn: '2025-05-20' }),
      credited({ creditedOn: '2025-06-02' }),
      dkk({ sessionDate: '2025-06-10', enteredAt: '2025-06-10T15:00:00+05:00' }),
      documents({ submittedOn: '2025-06-20' }),
      transfer({ transferredOn: '2025-06-24' }),
      documents({ stage: 2, submittedOn: '2025-10-01' }, { occurredAt: '2025-10-01T10:00:00+05:00' }),
      rejected({ stage: 2, rejectedOn: '2025-10-03', reasonCode: 'incomplete' }),
    ];
    const status = caseAt('2025-10-06T12:00', ...dental);
    expect(status).toMatchObject({ state: 'stage1_paid', stage: 2, documentsRejected: { stage: 2 } });
    expect(nextStep(status)).toBe('fix-documents');
  });
});

describe('pension case: a clinic payment and a rejection after the deadline (§21, §23)', () => {
  const base = [application({ submittedOn: '2025-12-02' }), credited({ creditedOn: '2026-03-20' })];
  const paid = transfer({ transferredOn: '2026-05-25' });
  const inTime = documents({ submittedOn: '2026-05-20' }, { occurredAt: '2026-05-20T10:00:00+05:00' });
  const rejectedLate = rejected({ rejectedOn: '2026-06-05' }, { occurredAt: '2026-06-05T09:00:00+05:00' });

  it('takes a stage-1 payment as accepted documents: no order, reminders or countdown without a documents event', () => {
    const status = caseAt('2026-06-10T12:00', ...base, paid);
    expect(status).toMatchObject({
      state: 'paid',
      returnToFundAt: null,
      returnToFundDue: false,
      deadlinePhase: null,
      documentsWindow: null,
      reminders: [],
    });
    expect(caseSchedules(status).map((s) => s.kind)).toEqual([]);
  });

  it('keeps a paid stage paid when a rejection dated after the payment arrives', () => {
    const status = caseAt('2026-06-10T12:00', ...base, inTime, paid, rejectedLate);
    expect(status).toMatchObject({ state: 'paid', returnToFundAt: null, documentsRejected: null, underReview: false });
  });

  it('holds the order for an operator when documents that stood at the deadline are rejected after it', () => {
    const status = caseAt('2026-06-10T12:00', ...base, inTime, rejectedLate);
    expect(status).toMatchObject({ state: 'funds_credited', returnToFundDue: false, underReview: true });
    expect(status.reviewFlags).toEqual([
      {
        code: 'documents_rejected_after_deadline',
        ruleSetId: 'dsm18-paused-2026',
        on: '2026-06-05',
        provisional: false,
        why: 'stage-1 documents handed in on 2026-05-20, by the deadline 2026-06-02, were rejected on 2026-06-05, after it: the return order waits for an operator',
      },
    ]);
  });

  it('does not hold it for documents rejected by the deadline, nor for documents handed in after it', () => {
    const rejectedInTime = rejected({ rejectedOn: '2026-05-22' }, { occurredAt: '2026-05-22T09:00:00+05:00' });
    const twice = caseAt('2026-06-10T12:00', ...base, inTime, rejectedInTime, rejectedLate);
    expect(twice).toMatchObject({ state: 'return_due', returnToFundDue: true, underReview: false, reviewFlags: [] });
    const late = documents({ submittedOn: '2026-06-03' }, { occurredAt: '2026-06-03T10:00:00+05:00' });
    const lateThenRejected = caseAt('2026-06-10T12:00', ...base, late, rejectedLate);
    expect(lateThenRejected).toMatchObject({ state: 'return_due', returnToFundDue: true, reviewFlags: [] });
  });
});

describe('pension case: treatment abroad and conversion (§22)', () => {
  const base = [application({ submittedOn: '2026-03-02' }), credited({ creditedOn: '2026-03-20' }), dkk()];
  const abroad = documents({ submittedOn: '2026-04-15', transferKind: 'international' });

  it('waits for the signed application, not the upload: nothing due, no overdue check, "sign" as the next step', () => {
    const status = caseAt('2026-04-24T12:00', ...base, abroad);
    expect(status).toMatchObject({
      state: 'documents_submitted',
      transferDue: null,
      transferOverdue: false,
      awaitingTransfer: null,
      awaitingApplication: { stage: 1, submittedOn: '2026-04-15', transferKind: 'international' },
      returnToFundAt: null,
    });
    expect(caseSchedules(status).map((s) => s.kind)).not.toContain('transfer_overdue_check');
    expect(nextStep(status)).toBe('sign-conversion-application');
  });

  it('counts the 3 working days from the signed conversion application, and checks it the day after', () => {
    const conversion = documents({ submittedOn: '2026-04-15', transferKind: 'conversion' });
    const signed = transferRequested({ signedOn: '2026-04-24', transferKind: 'conversion' });
    const status = caseAt('2026-04-24T12:00', ...base, conversion, signed);
    expect(status).toMatchObject({ transferDue: '2026-04-29', awaitingApplication: null });
    expect(nextStep(status)).toBe('wait-for-payment');
    expect(caseSchedules(status).find((s) => s.kind === 'transfer_overdue_check')?.key).toBe(
      'transfer_overdue_check-1',
    );
    expect(caseAt('2026-04-30T12:00', ...base, conversion, signed).transferOverdue).toBe(true);
  });

  it('ignores an application signed before documents that were since rejected and handed in again', () => {
    const first = documents({ submittedOn: '2026-04-10', transferKind: 'international' });
    const oldSigned = transferRequested({ signedOn: '2026-04-10' });
    const rejection = rejected({ rejectedOn: '2026-04-13', reasonCode: 'translation_missing' });
    const status = caseAt('2026-04-16T12:00', ...base, first, oldSigned, rejection, abroad);
    expect(status).toMatchObject({ transferDue: null, awaitingApplication: { submittedOn: '2026-04-15' } });
  });
});
