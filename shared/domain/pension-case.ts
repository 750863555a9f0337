import type { WorkingCalendar } from './calendar/working-calendar';
import type { HeldConclusionReason } from './case-conclusions';
import {
  type DeadlinePhase,
  type DocumentsReceived,
  documentsReceivedOf,
  type PlannedReminder,
  windowPlan,
} from './case-deadline';
import {
  type AwaitedApplication,
  type AwaitedTransfer,
  type DocumentsRejection,
  lastTransferOf,
  openRejection,
  pendingTransfer,
} from './case-documents';
import type { CaseReviewFlag } from './case-flags';
import {
  type CreditWindow,
  creditWindows,
  type ReturnedMoney,
  returnedMoney,
  type WindowScope,
  windowHistory,
  windowScope,
} from './case-windows';
import { formatKazakhstanInstant, type Instant, type IsoDate, kazakhstanDate, parseInstant } from './dates';
import type {
  ApplicationSubmittedData,
  DkkConclusionData,
  DocumentsRejectedEvent,
  DocumentsSubmittedEvent,
  FundsCreditedEvent,
  FundsReturnedEvent,
  Stage,
  TransferCompletedData,
  TransferRequestedData,
} from './events';
import { type PensionRuleSet, pensionRulesOn } from './rules/pension-rules';
import type { Treatment } from './rules/treatments';

export { returnOrderMoment } from './case-deadline';
export type { AwaitedApplication, AwaitedTransfer, DocumentsRejection } from './case-documents';
export type { CreditWindow, DeadlinePhase, DocumentsReceived, PlannedReminder, ReturnedMoney };

export type CaseState =
  | 'application_submitted'
  | 'funds_credited'
  | 'dkk_issued'
  | 'documents_submitted'
  | 'stage1_paid'
  | 'paid'
  | 'return_due'
  | 'returned';

/**
 * What we know of one case (built by `derive`): the application by its latest version; every credit, return, document
 * submission and rejection as events (windows and same-day order are cut from them here); the attached ДКК conclusions.
 */
export interface CaseFacts {
  caseId: string;
  application?: ApplicationSubmittedData;
  credits: readonly FundsCreditedEvent[];
  returns: readonly FundsReturnedEvent[];
  dkk: readonly DkkConclusionData[];
  documents: readonly DocumentsSubmittedEvent[];
  rejections: readonly DocumentsRejectedEvent[];
  transferRequests: readonly TransferRequestedData[];
  transfers: readonly TransferCompletedData[];
  /** Conclusions naming this case, or case-less ones of its patient, not attached to it, and why (seed 000 §9). */
  heldConclusions?: readonly { conclusionId: string; reason: HeldConclusionReason }[];
  /** A fact of the case has conflicting versions (see `review.ts`): nothing irreversible until it is resolved. */
  underReview?: boolean;
}

export interface DkkConclusionStatus {
  conclusionId: string;
  stage: Stage;
  sessionDate: IsoDate;
  /** The last day the clinic had to enter it (§19, §19-1). */
  entryDueOn: IsoDate;
  enteredLate: boolean;
}

export interface CaseStatus {
  caseId: string;
  state: CaseState;
  /** The stage the citizen is in: 2 only for a two-stage treatment whose first stage was paid. */
  stage: Stage;
  twoStage: boolean;
  treatment: Treatment | null;
  ruleSetId: string | null;
  /**
   * The credit of the current window (named in the return order). Return orders are keyed by the case and the
   * window's ordinal (`windows.length`), not by this date, which an upstream correction may move.
   */
  creditedOn: IsoDate | null;
  /** Seed 000 §23: the end of the 45th working day after the money reached the special account. */
  documentsDeadline: IsoDate | null;
  /** While documents are awaited: before the deadline day, on it ("today is the last day"), or after it. */
  deadlinePhase: DeadlinePhase | null;
  /** The countdown shown to the citizen: working days of the window gone by and left (null once documents are in). */
  documentsWindow: { totalWorkingDays: number; elapsedWorkingDays: number; leftWorkingDays: number } | null;
  reminders: PlannedReminder[];
  /**
   * Stage-1 documents in time that keep the money from going back, while that is certain (`documentsReceivedOf`):
   * what "documents received — your money is safe" tells; null otherwise.
   */
  documentsReceived: DocumentsReceived | null;
  /**
   * When the return-to-fund order may go out: the end of the settle window after the deadline (rule data; default the
   * next working day at 12:00), so documents handed in on the last day that reach us late still count. Null when
   * stage-1 documents arrived in time.
   */
  returnToFundAt: string | null;
  /**
   * The order may go out now: the settle window is over, no stage-1 documents in time and no stage-1 clinic payment,
   * no return yet, nothing under review.
   */
  returnToFundDue: boolean;
  /**
   * A fact of the case is in conflict, or a review flag holds the order (`documents_rejected_after_deadline`): the
   * citizen sees "being checked", the order and bad news wait for an operator.
   */
  underReview: boolean;
  /** What the rule versions do not allow about this case, or what holds its order, for an operator (`case-flags.ts`). */
  reviewFlags: CaseReviewFlag[];
  /** When the operator must have paid the clinic for the documents waiting to be paid (§21, §22). */
  transferDue: IsoDate | null;
  transferOverdue: boolean;
  awaitingTransfer: AwaitedTransfer | null;
  /** Foreign documents in, the conversion / international-transfer application not yet signed (§22). */
  awaitingApplication: AwaitedApplication | null;
  /** The operator rejected the documents of the current stage and none came since (§21). */
  documentsRejected: DocumentsRejection | null;
  dkkEnteredLate: boolean;
  dkk: DkkConclusionStatus[];
  /**
   * Conclusions naming this case, or case-less ones of its patient, that were not attached to it, and why (seed 000
   * §9); one attached to another case of the patient is listed here but not in `Derivation.heldConclusions`.
   */
  heldConclusions: { conclusionId: string; reason: HeldConclusionReason }[];
  /** The money on the special account (the current credit; the application's amount before that). */
  amountTiyn: number | null;
  /** Paid to the clinic in the current window, all stages together. */
  paidToClinicTiyn: number;
  /** The latest payment to the clinic, and the return to ENPF, when they happened (current window). */
  lastTransfer: { stage: Stage; transferredOn: IsoDate; amountTiyn: number } | null;
  returned: ReturnedMoney | null;
  /** Every trip of the money to the special account, oldest first; the last is the current one. */
  windows: CreditWindow[];
}

/** Until the credit and the application are known, the earliest dated fact decides which rules apply. */
function earliestFactDate(facts: CaseFacts): IsoDate | undefined {
  let earliest: IsoDate | undefined;
  for (const date of [...facts.dkk.map((d) => d.sessionDate), ...facts.documents.map((d) => d.data.submittedOn)]) {
    if (!earliest || date < earliest) earliest = date;
  }
  return earliest;
}

function isTwoStage(facts: CaseFacts, rules: PensionRuleSet): boolean {
  const treatment = facts.application?.treatment;
  if (treatment && rules.twoStageTreatments.includes(treatment)) return true;
  // A stage-2 fact proves a two-stage case even before the application reaches us.
  return [...facts.dkk, ...facts.documents.map((d) => d.data), ...facts.transfers].some((fact) => fact.stage === 2);
}

function stateOf(options: {
  scope: WindowScope;
  standing: readonly { stage: Stage }[];
  creditedOn: IsoDate | null;
  returned: ReturnedMoney | null;
  twoStage: boolean;
  returnToFundDue: boolean;
}): { state: CaseState; stage: Stage } {
  const { scope, standing, twoStage, returned } = options;
  const paid = (stage: Stage) => scope.transfers.some((t) => t.stage === stage);
  const submitted = (stage: Stage) => standing.some((d) => d.stage === stage);
  // A remainder after a clinic payment leaves the case paid: "paid to the clinic, remainder returned" (§23 ¶2).
  if (returned && !(returned.kind === 'remainder' && scope.transfers.length > 0))
    return { state: 'returned', stage: 1 };
  if (options.returnToFundDue) return { state: 'return_due', stage: 1 };
  if (twoStage && paid(1)) {
    if (paid(2)) return { state: 'paid', stage: 2 };
    if (submitted(2)) return { state: 'documents_submitted', stage: 2 };
    return { state: 'stage1_paid', stage: 2 };
  }
  if (paid(1)) return { state: 'paid', stage: 1 };
  if (submitted(1)) return { state: 'documents_submitted', stage: 1 };
  if (scope.dkk.length > 0) return { state: 'dkk_issued', stage: 1 };
  if (options.creditedOn !== null) return { state: 'funds_credited', stage: 1 };
  return { state: 'application_submitted', stage: 1 };
}

function dkkStatuses(facts: CaseFacts, rules: PensionRuleSet, calendar: WorkingCalendar): DkkConclusionStatus[] {
  return [...facts.dkk]
    .sort((a, b) => (a.conclusionId < b.conclusionId ? -1 : a.conclusionId > b.conclusionId ? 1 : 0))
    .map((dkk) => {
      const entryDueOn = calendar.addWorkingDays(dkk.sessionDate, rules.dkkEntryWorkingDays);
      const enteredOn = kazakhstanDate(parseInstant(dkk.enteredAt) ?? Number.NaN);
      return {
        conclusionId: dkk.conclusionId,
        stage: dkk.stage,
        sessionDate: dkk.sessionDate,
        entryDueOn,
        enteredLate: enteredOn > entryDueOn,
      };
    });
}

/** What the clinic was paid in the window, and the latest payment (what the citizen was last told about). */
function paymentsOf(
  transfers: readonly TransferCompletedData[],
): Pick<CaseStatus, 'paidToClinicTiyn' | 'lastTransfer'> {
  return {
    paidToClinicTiyn: transfers.reduce((sum, t) => sum + t.amountTiyn, 0),
    lastTransfer: lastTransferOf(transfers),
  };
}

/**
 * A pension-for-treatment case at a moment (BRIEF 2.4; seed 000 §9, §19–§23), judged by the rules in force on the day
 * its current money was credited. The documents deadline is the 45th working day after that credit; reminders go out at
 * 10:00 on the working days 10, 5, 2 and 1 before it and at 09:00 on the day itself (rule data); the return-to-fund
 * order may go out after the settle window and only when no standing stage-1 documents were submitted by the deadline
 * (rejected documents count as never handed in) and the clinic was not paid for stage 1 (a payment proves accepted
 * documents, §21, whatever came after it).
 * Documents that stood at the deadline and were rejected after it hold the order for an operator (`case-flags.ts`).
 * Money credited again after a return starts a new window; earlier windows stay in `windows`.
 */
export function pensionCaseStatus(options: { facts: CaseFacts; at: Instant; calendar: WorkingCalendar }): CaseStatus {
  const { facts, at, calendar } = options;
  const today = kazakhstanDate(at);
  const windows = creditWindows(facts.credits, facts.returns);
  const current = windows.at(-1);
  const scope = windowScope(facts, windows, Math.max(windows.length - 1, 0));
  const creditedOn = current?.credited?.creditedOn ?? null;
  const rules = pensionRulesOn(creditedOn ?? facts.application?.submittedOn ?? earliestFactDate(facts) ?? today);
  const twoStage = isTwoStage(facts, rules);
  const returned = returnedMoney(current?.returned, scope.transfers);
  const docs = windowPlan({
    scope,
    application: facts.application,
    creditedOn,
    returned: !!returned,
    today,
    rules,
    calendar,
  });
  const { standing, plan } = docs;
  const underReview = facts.underReview === true || docs.held;
  const returnToFundDue = plan.returnMoment !== null && at >= plan.returnMoment && !returned && !underReview;
  const { stage1, stage1Paid } = docs;
  const rejections = scope.rejections.filter((rejection) => rejection.data.stage === 1).length;
  const received = { stage1, stage1Paid, deadline: plan.deadline, returned: !!returned, underReview, rejections };
  const documentsReceived = documentsReceivedOf({ ...received, at, rules, calendar });
  const awaited = pendingTransfer({ standing, requests: scope.requests, transfers: scope.transfers, rules, calendar });
  const dkk = dkkStatuses(facts, rules, calendar);
  const { state, stage } = stateOf({ scope, standing, creditedOn, returned, twoStage, returnToFundDue });
  const transferDue = awaited.transfer?.due ?? null;
  // Once the stage is paid or the money went back, an old rejection has nothing left to fix.
  const settled = (of: Stage) => returned !== null || scope.transfers.some((t) => t.stage === of);
  return {
    caseId: facts.caseId,
    state,
    stage,
    twoStage,
    treatment: facts.application?.treatment ?? null,
    ruleSetId: rules.id,
    creditedOn,
    documentsDeadline: plan.deadline,
    deadlinePhase: plan.phase,
    documentsWindow: plan.window,
    reminders: plan.reminders,
    documentsReceived,
    returnToFundAt: plan.returnMoment === null ? null : formatKazakhstanInstant(plan.returnMoment),
    returnToFundDue,
    underReview,
    reviewFlags: docs.reviewFlags,
    transferDue,
    transferOverdue: transferDue !== null && today > transferDue,
    awaitingTransfer: awaited.transfer,
    awaitingApplication: awaited.application,
    documentsRejected: settled(stage) ? null : openRejection(stage, standing, scope.rejections),
    dkkEnteredLate: dkk.some((conclusion) => conclusion.enteredLate),
    dkk,
    heldConclusions: [...(facts.heldConclusions ?? [])].sort((a, b) => (a.conclusionId < b.conclusionId ? -1 : 1)),
    amountTiyn: current?.credited?.amountTiyn ?? facts.application?.amountTiyn ?? null,
    ...paymentsOf(scope.transfers),
    returned,
    windows: windowHistory(facts, windows, calendar),
  };
}
