import type { IsoDate } from './dates';
import type { ApplicationSubmittedData } from './events';
import { pensionRulesOn } from './rules/pension-rules';

/**
 * Something about a case the rule versions do not allow (BRIEF 2.4: a case is judged by the rules in force on the day
 * its money was credited), for an operator to look at:
 * - `treatment_not_allowed`: the money was credited for a treatment not on the list in force on the credit date;
 * - `application_during_pause`: the application is dated on a day the operator took no new applications.
 * A flag never stops what the law makes certain (the 45-working-day clock runs once money is on the special account);
 * it only keeps the citizen from being guided on something our rules cannot vouch for (see `nextStep`).
 */
export type CaseReviewFlagCode = 'treatment_not_allowed' | 'application_during_pause';

export interface CaseReviewFlag {
  code: CaseReviewFlagCode;
  /** The rule version that decided it, the date it was judged on, and whether that version is still provisional. */
  ruleSetId: string;
  on: IsoDate;
  provisional: boolean;
  /** For `ops explain`: the reason in plain words, without personal data. */
  why: string;
}

/** The review flags of a case from its application and the credit of its current window. */
export function caseReviewFlags(options: {
  application: ApplicationSubmittedData | undefined;
  creditedOn: IsoDate | null;
}): CaseReviewFlag[] {
  const { application, creditedOn } = options;
  const flags: CaseReviewFlag[] = [];
  if (!application) return flags;
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
