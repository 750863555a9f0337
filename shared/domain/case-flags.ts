import type { RejectedAfterDeadline } from './case-documents';
import type { IsoDate } from './dates';
import type { ApplicationSubmittedData } from './events';
import { pensionRulesOn } from './rules/pension-rules';

/**
 * Something about a case the rule versions do not allow (BRIEF 2.4: a case is judged by the rules in force on the day
 * its money was credited), for an operator to look at:
 * - `treatment_not_allowed`: the money was credited for a treatment not on the list in force on the credit date;
 * - `application_during_pause`: the application is dated on a day the operator took no new applications;
 * - `documents_rejected_after_deadline`: stage-1 documents handed in on or before the deadline were rejected after it.
 * The first two never stop what the law makes certain (the 45-working-day clock runs once money is on the special
 * account); they only keep the citizen from being guided on something our rules cannot vouch for (see `nextStep`).
 * The third holds the return order for an operator: §23 says the money goes back, but the citizen handed documents in
 * on time and learnt of the rejection too late to put it right, and an order for them may have been sent and withdrawn
 * already. The case is then under review (`CaseStatus.underReview`): no order, no deadline text, "being checked".
 */
export type CaseReviewFlagCode =
  | 'treatment_not_allowed'
  | 'application_during_pause'
  | 'documents_rejected_after_deadline';

/** The flags that hold the return order and put the case under review. */
export const HOLDING_FLAGS: ReadonlySet<CaseReviewFlagCode> = new Set(['documents_rejected_after_deadline']);

export interface CaseReviewFlag {
  code: CaseReviewFlagCode;
  /** The rule version that decided it, the date it was judged on, and whether that version is still provisional. */
  ruleSetId: string;
  on: IsoDate;
  provisional: boolean;
  /** For `ops explain`: the reason in plain words, without personal data. */
  why: string;
}

/** The flag of stage-1 documents that stood at the deadline and were rejected after it, judged by the credit's rules. */
function rejectedAfterDeadlineFlag(creditedOn: IsoDate, late: RejectedAfterDeadline): CaseReviewFlag {
  const rules = pensionRulesOn(creditedOn);
  return {
    code: 'documents_rejected_after_deadline',
    ruleSetId: rules.id,
    on: late.rejectedOn,
    provisional: rules.provisional === true,
    why: `stage-1 documents handed in on ${late.submittedOn}, by the deadline ${late.deadline}, were rejected on ${late.rejectedOn}, after it: the return order waits for an operator`,
  };
}

/** The flags the application earns: dated during a pause, or for a treatment the credit's rules do not list. */
function applicationFlags(application: ApplicationSubmittedData, creditedOn: IsoDate | null): CaseReviewFlag[] {
  const flags: CaseReviewFlag[] = [];
  const atApplication = pensionRulesOn(application.submittedOn);
  if (!atApplication.acceptsNewApplications) {
    flags.push({
      code: 'application_during_pause',
      ruleSetId: atApplication.id,
      on: application.submittedOn,
      provisional: atApplication.provisional === true,
      why: `application dated ${application.submittedOn}, when rule set ${atApplication.id} takes no new applications`,
    });
  }
  if (creditedOn) {
    const atCredit = pensionRulesOn(creditedOn);
    if (!atCredit.allowedTreatments.includes(application.treatment)) {
      flags.push({
        code: 'treatment_not_allowed',
        ruleSetId: atCredit.id,
        on: creditedOn,
        provisional: atCredit.provisional === true,
        why: `treatment ${application.treatment} is not allowed by rule set ${atCredit.id} in force on the credit date ${creditedOn}`,
      });
    }
  }
  return flags;
}

/** The review flags of a case from its application, the credit of its current window and its documents. */
export function caseReviewFlags(options: {
  application: ApplicationSubmittedData | undefined;
  creditedOn: IsoDate | null;
  rejectedAfterDeadline?: RejectedAfterDeadline | null;
}): CaseReviewFlag[] {
  const { application, creditedOn, rejectedAfterDeadline } = options;
  const flags = application ? applicationFlags(application, creditedOn) : [];
  if (creditedOn && rejectedAfterDeadline) flags.push(rejectedAfterDeadlineFlag(creditedOn, rejectedAfterDeadline));
  return flags;
}
