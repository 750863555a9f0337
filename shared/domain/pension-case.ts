import type { WorkingCalendar } from './calendar/working-calendar';
import {
  addDays,
  formatKazakhstanInstant,
  type Instant,
  type IsoDate,
  kazakhstanDate,
  kazakhstanInstant,
  parseInstant,
} from './dates';
import type {
  ApplicationSubmittedData,
  DkkConclusionData,
  DocumentsSubmittedData,
  FundsCreditedData,
  FundsReturnedData,
  Stage,
  TransferCompletedData,
} from './events';
import { type PensionRuleSet, pensionRulesOn } from './rules/pension-rules';

export type CaseState =
  | 'application_submitted'
  | 'funds_credited'
  | 'dkk_issued'
  | 'documents_submitted'
  | 'stage1_paid'
  | 'paid'
  | 'return_due'
  | 'returned';

/** What we know of one case; single-valued facts are already chosen (see `derive`), lists are all we hold. */
export interface CaseFacts {
  caseId: string;
  application?: ApplicationSubmittedData;
  credited?: FundsCreditedData;
  returned?: FundsReturnedData;
  dkk: readonly DkkConclusionData[];
  documents: readonly DocumentsSubmittedData[];
  transfers: readonly TransferCompletedData[];
}

export interface PlannedReminder {
  kind: 'documents_reminder';
  workingDaysLeft: number;
  /** ISO-8601 with the Kazakhstan offset. */
  at: string;
}

export interface DkkConclusionStatus {
  conclusionId: string;
  stage: Stage;
  sessionDate: IsoDate;
  /** The last day the clinic had to enter it (§19, §19-1). */
  entryDueOn: IsoDate;
  enteredLate: boolean;
}

/** Documents handed in and not yet paid for: the clinic payment the operator owes. */
export interface AwaitedTransfer {
  stage: Stage;
  submittedOn: IsoDate;
  transferKind: DocumentsSubmittedData['transferKind'];
  due: IsoDate;
}

export interface CaseStatus {
  caseId: string;
  state: CaseState;
  /** The stage the citizen is in: 2 only for a two-stage treatment whose first stage was paid. */
  stage: Stage;
  twoStage: boolean;
  ruleSetId: string | null;
  creditedOn: IsoDate | null;
  /** Seed 000 §23: the end of the 45th working day after the money reached the special account. */
  documentsDeadline: IsoDate | null;
  /** The countdown shown to the citizen: working days of the window gone by and left (null once documents are in). */
  documentsWindow: { totalWorkingDays: number; elapsedWorkingDays: number; leftWorkingDays: number } | null;
  reminders: PlannedReminder[];
  /** 00:00 of the day after the deadline; null when stage-1 documents arrived in time. */
  returnToFundAt: string | null;
  returnToFundDue: boolean;
  /** When the operator must have paid the clinic for the documents waiting to be paid (§21, §22). */
  transferDue: IsoDate | null;
  transferOverdue: boolean;
  awaitingTransfer: AwaitedTransfer | null;
  dkkEnteredLate: boolean;
  dkk: DkkConclusionStatus[];
  /** The money on the special account (the credit; the application's amount before that). */
  amountTiyn: number | null;
  /** The latest payment to the clinic, and the return to ENPF, when they happened. */
  lastTransfer: { stage: Stage; transferredOn: IsoDate; amountTiyn: number } | null;
  returned: { returnedOn: IsoDate; amountTiyn: number } | null;
}

/** The latest transfer by date, then stage: what the citizen was last told about. */
function lastTransferOf(transfers: readonly TransferCompletedData[]): CaseStatus['lastTransfer'] {
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

/** The earliest submission per stage: documents count from the first time they were handed in. */
function firstSubmission(documents: readonly DocumentsSubmittedData[], stage: Stage) {
  let first: DocumentsSubmittedData | undefined;
  for (const doc of documents) {
    if (doc.stage === stage && (!first || doc.submittedOn < first.submittedOn)) first = doc;
  }
  return first;
}

/** Until the credit and the application are known, the earliest dated fact decides which rules apply. */
function earliestFactDate(facts: CaseFacts): IsoDate | undefined {
  let earliest: IsoDate | undefined;
  for (const date of [...facts.dkk.map((d) => d.sessionDate), ...facts.documents.map((d) => d.submittedOn)]) {
    if (!earliest || date < earliest) earliest = date;
  }
  return earliest;
}

function isTwoStage(facts: CaseFacts, rules: PensionRuleSet): boolean {
  const treatment = facts.application?.treatment;
  if (treatment && rules.twoStageTreatments.includes(treatment)) return true;
  // A stage-2 fact proves a two-stage case even before the application reaches us.
  return [...facts.dkk, ...facts.documents, ...facts.transfers].some((fact) => fact.stage === 2);
}

function stateOf(facts: CaseFacts, twoStage: boolean, returnToFundDue: boolean): { state: CaseState; stage: Stage } {
  const paid = (stage: Stage) => facts.transfers.some((t) => t.stage === stage);
  const submitted = (stage: Stage) => facts.documents.some((d) => d.stage === stage);
  if (facts.returned) return { state: 'returned', stage: 1 };
  if (returnToFundDue) return { state: 'return_due', stage: 1 };
  if (twoStage && paid(1)) {
    if (paid(2)) return { state: 'paid', stage: 2 };
    if (submitted(2)) return { state: 'documents_submitted', stage: 2 };
    return { state: 'stage1_paid', stage: 2 };
  }
  if (paid(1)) return { state: 'paid', stage: 1 };
  if (submitted(1)) return { state: 'documents_submitted', stage: 1 };
  if (facts.dkk.length > 0) return { state: 'dkk_issued', stage: 1 };
  if (facts.credited) return { state: 'funds_credited', stage: 1 };
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

/** The documents waiting for the operator's payment, and the day it is due (§21: 5 working days; §22: 3). */
function pendingTransfer(facts: CaseFacts, rules: PensionRuleSet, calendar: WorkingCalendar): AwaitedTransfer | null {
  for (const stage of [2, 1] as const) {
    const documents = firstSubmission(facts.documents, stage);
    if (!documents) continue;
    if (facts.transfers.some((t) => t.stage === stage)) return null;
    const days =
      documents.transferKind === 'domestic' ? rules.clinicTransferWorkingDays : rules.foreignTransferWorkingDays;
    return {
      stage,
      submittedOn: documents.submittedOn,
      transferKind: documents.transferKind,
      due: calendar.addWorkingDays(documents.submittedOn, days),
    };
  }
  return null;
}

/**
 * A pension-for-treatment case at a moment (BRIEF 2.4; seed 000 §19–§23), judged by the rules in force on the day its
 * money was credited. The documents deadline is the 45th working day after the credit; reminders go out at 10:00 on
 * the working days 10, 5, 2 and 1 before it; the return-to-fund trigger is 00:00 of the day after it and is due only
 * when no stage-1 documents were submitted by the deadline.
 */
export function pensionCaseStatus(options: { facts: CaseFacts; at: Instant; calendar: WorkingCalendar }): CaseStatus {
  const { facts, at, calendar } = options;
  const today = kazakhstanDate(at);
  const creditedOn = facts.credited?.creditedOn ?? null;
  const rules = pensionRulesOn(creditedOn ?? facts.application?.submittedOn ?? earliestFactDate(facts) ?? today);
  const twoStage = isTwoStage(facts, rules);

  const documentsDeadline = creditedOn ? calendar.addWorkingDays(creditedOn, rules.documentsWindowWorkingDays) : null;
  const stage1Documents = firstSubmission(facts.documents, 1);
  const documentsInTime = !!stage1Documents && !!documentsDeadline && stage1Documents.submittedOn <= documentsDeadline;
  const waitingForDocuments = !!documentsDeadline && !stage1Documents && !facts.returned;

  const returnToFundInstant =
    documentsDeadline && !documentsInTime ? kazakhstanInstant(addDays(documentsDeadline, 1)) : null;
  const returnToFundDue = returnToFundInstant !== null && at >= returnToFundInstant && !facts.returned;

  const reminders: PlannedReminder[] =
    documentsDeadline && waitingForDocuments
      ? rules.documentsReminders.map((reminder) => {
          const [hour, minute] = reminder.localTime.split(':').map(Number);
          const day = calendar.workingDaysBefore(documentsDeadline, reminder.workingDaysBefore);
          return {
            kind: 'documents_reminder',
            workingDaysLeft: reminder.workingDaysBefore,
            at: formatKazakhstanInstant(kazakhstanInstant(day, hour, minute)),
          };
        })
      : [];

  const awaitingTransfer = pendingTransfer(facts, rules, calendar);
  const transferDue = awaitingTransfer?.due ?? null;
  const dkk = dkkStatuses(facts, rules, calendar);
  const { state, stage } = stateOf(facts, twoStage, returnToFundDue);
  const elapsed = creditedOn
    ? Math.min(calendar.workingDaysBetween(creditedOn, today), rules.documentsWindowWorkingDays)
    : 0;
  return {
    caseId: facts.caseId,
    state,
    stage,
    twoStage,
    ruleSetId: rules.id,
    creditedOn,
    documentsDeadline,
    documentsWindow: waitingForDocuments
      ? {
          totalWorkingDays: rules.documentsWindowWorkingDays,
          elapsedWorkingDays: elapsed,
          leftWorkingDays: rules.documentsWindowWorkingDays - elapsed,
        }
      : null,
    reminders,
    returnToFundAt: returnToFundInstant === null ? null : formatKazakhstanInstant(returnToFundInstant),
    returnToFundDue,
    transferDue,
    transferOverdue: transferDue !== null && today > transferDue,
    awaitingTransfer,
    dkkEnteredLate: dkk.some((conclusion) => conclusion.enteredLate),
    dkk,
    amountTiyn: facts.credited?.amountTiyn ?? facts.application?.amountTiyn ?? null,
    lastTransfer: lastTransferOf(facts.transfers),
    returned: facts.returned ? { returnedOn: facts.returned.returnedOn, amountTiyn: facts.returned.amountTiyn } : null,
  };
}
