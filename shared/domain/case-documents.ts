import type { WorkingCalendar } from './calendar/working-calendar';
import type { IsoDate } from './dates';
import { occurredAtInstant } from './event-log';
import type {
  DocumentRejectionReason,
  DocumentsRejectedEvent,
  DocumentsSubmittedData,
  DocumentsSubmittedEvent,
  Stage,
  TransferCompletedData,
  TransferKind,
  TransferRequestedData,
} from './events';
import type { PensionRuleSet } from './rules/pension-rules';

/** Documents handed in and not yet paid for: the clinic payment the operator owes. */
export interface AwaitedTransfer {
  stage: Stage;
  submittedOn: IsoDate;
  transferKind: TransferKind;
  /** For a conversion or international transfer: the day the applicant signed the application (§22). */
  applicationSignedOn: IsoDate | null;
  due: IsoDate;
}

/** Foreign-currency or foreign-clinic documents in, waiting for the signed conversion / transfer application (§22). */
export interface AwaitedApplication {
  stage: Stage;
  submittedOn: IsoDate;
  transferKind: Exclude<TransferKind, 'domestic'>;
}

/** The operator's latest rejection of the documents of the stage the citizen is in, not yet followed by new ones. */
export interface DocumentsRejection {
  stage: Stage;
  rejectedOn: IsoDate;
  reasonCode: DocumentRejectionReason;
}

/** Whether `rejection` came at or after `submission`: by date, and on the same day by when each occurred. */
function rejects(rejection: DocumentsRejectedEvent, submission: DocumentsSubmittedEvent): boolean {
  if (rejection.data.stage !== submission.data.stage) return false;
  if (rejection.data.rejectedOn !== submission.data.submittedOn) {
    return rejection.data.rejectedOn > submission.data.submittedOn;
  }
  return occurredAtInstant(rejection) >= occurredAtInstant(submission);
}

/**
 * The submissions that still stand (seed 000 §21: the operator pays only for documents that match the targeted use).
 * A rejection takes back every submission of its stage made up to it, so rejected documents count as never handed in:
 * they neither stop the 45-working-day clock nor the return order. Documents handed in again after it count anew. A
 * payment to the clinic for a stage is not undone by a later rejection: `windowPlan` counts a paid stage 1 as in.
 */
export function standingSubmissions(
  documents: readonly DocumentsSubmittedEvent[],
  rejections: readonly DocumentsRejectedEvent[],
): DocumentsSubmittedData[] {
  return documents.filter((doc) => !rejections.some((r) => rejects(r, doc))).map((doc) => doc.data);
}

/** Stage-1 documents handed in on or before the deadline and taken back by a rejection dated after it. */
export interface RejectedAfterDeadline {
  submittedOn: IsoDate;
  rejectedOn: IsoDate;
  deadline: IsoDate;
}

/**
 * Stage-1 documents that stood at the deadline (handed in on or before it, no rejection by then) and were rejected
 * only after it: the earliest such submission and the earliest such rejection. §23 returns the money unless documents
 * confirming the targeted use came in time, so rejected documents stop no return; but the citizen could no longer put
 * them right in time, and an order may already have been sent and withdrawn for them. *Choice*: no order goes out by
 * itself for such a case; an operator decides (`case-flags.ts`).
 */
export function rejectedAfterDeadline(
  documents: readonly DocumentsSubmittedEvent[],
  rejections: readonly DocumentsRejectedEvent[],
  deadline: IsoDate,
): RejectedAfterDeadline | null {
  const stage1 = rejections.filter((r) => r.data.stage === 1);
  let submittedOn: IsoDate | undefined;
  for (const doc of documents) {
    if (doc.data.stage !== 1 || doc.data.submittedOn > deadline) continue;
    if (stage1.some((r) => r.data.rejectedOn <= deadline && rejects(r, doc))) continue;
    if (!submittedOn || doc.data.submittedOn < submittedOn) submittedOn = doc.data.submittedOn;
  }
  let rejectedOn: IsoDate | undefined;
  for (const rejection of stage1) {
    const on = rejection.data.rejectedOn;
    if (on > deadline && (!rejectedOn || on < rejectedOn)) rejectedOn = on;
  }
  return submittedOn && rejectedOn ? { submittedOn, rejectedOn, deadline } : null;
}

/** The earliest standing submission per stage: documents count from the first time they were handed in. */
export function firstSubmission(documents: readonly DocumentsSubmittedData[], stage: Stage) {
  let first: DocumentsSubmittedData | undefined;
  for (const doc of documents) {
    if (doc.stage === stage && (!first || doc.submittedOn < first.submittedOn)) first = doc;
  }
  return first;
}

/** The latest rejection of `stage` when no documents of that stage stand: what the citizen must put right. */
export function openRejection(
  stage: Stage,
  standing: readonly DocumentsSubmittedData[],
  rejections: readonly DocumentsRejectedEvent[],
): DocumentsRejection | null {
  if (standing.some((doc) => doc.stage === stage)) return null;
  let latest: DocumentsRejectedEvent | undefined;
  for (const rejection of rejections) {
    if (rejection.data.stage !== stage) continue;
    if (
      !latest ||
      rejection.data.rejectedOn > latest.data.rejectedOn ||
      (rejection.data.rejectedOn === latest.data.rejectedOn && occurredAtInstant(rejection) > occurredAtInstant(latest))
    )
      latest = rejection;
  }
  return latest ? { stage, rejectedOn: latest.data.rejectedOn, reasonCode: latest.data.reasonCode } : null;
}

/** The earliest signed application of a stage on or after its documents (an older one was for documents since rejected). */
function signedApplication(requests: readonly TransferRequestedData[], stage: Stage, from: IsoDate) {
  let first: TransferRequestedData | undefined;
  for (const request of requests) {
    if (request.stage !== stage || request.signedOn < from) continue;
    if (!first || request.signedOn < first.signedOn) first = request;
  }
  return first;
}

/**
 * The clinic payment the operator owes, and the day it is due: §21, 5 working days from domestic documents; §22,
 * 3 working days from the signed conversion or international-transfer application — not from the upload. Until that
 * application is signed, the stage waits for it (`application`), and nothing is due.
 */
export function pendingTransfer(options: {
  standing: readonly DocumentsSubmittedData[];
  requests: readonly TransferRequestedData[];
  transfers: readonly TransferCompletedData[];
  rules: PensionRuleSet;
  calendar: WorkingCalendar;
}): { transfer: AwaitedTransfer | null; application: AwaitedApplication | null } {
  const { standing, requests, transfers, rules, calendar } = options;
  for (const stage of [2, 1] as const) {
    const documents = firstSubmission(standing, stage);
    if (!documents) continue;
    if (transfers.some((t) => t.stage === stage)) break;
    const signed = signedApplication(requests, stage, documents.submittedOn);
    const transferKind = signed?.transferKind ?? documents.transferKind;
    if (transferKind === 'domestic') {
      const due = calendar.addWorkingDays(documents.submittedOn, rules.clinicTransferWorkingDays);
      const transfer = { stage, submittedOn: documents.submittedOn, transferKind, applicationSignedOn: null, due };
      return { transfer, application: null };
    }
    if (!signed) return { transfer: null, application: { stage, submittedOn: documents.submittedOn, transferKind } };
    const due = calendar.addWorkingDays(signed.signedOn, rules.foreignTransferWorkingDays);
    const transfer = {
      stage,
      submittedOn: documents.submittedOn,
      transferKind,
      applicationSignedOn: signed.signedOn,
      due,
    };
    return { transfer, application: null };
  }
  return { transfer: null, application: null };
}

/** The latest transfer by date, then stage: what the citizen was last told about. */
export function lastTransferOf(
  transfers: readonly TransferCompletedData[],
): { stage: Stage; transferredOn: IsoDate; amountTiyn: number } | null {
  let last: TransferCompletedData | undefined;
  for (const t of transfers) {
    if (
      !last ||
      t.transferredOn > last.transferredOn ||
      (t.transferredOn === last.transferredOn && t.stage > last.stage)
    )
      last = t;
  }
  return last ? { stage: last.stage, transferredOn: last.transferredOn, amountTiyn: last.amountTiyn } : null;
}
