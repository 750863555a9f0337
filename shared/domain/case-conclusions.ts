import type { IsoDate } from './dates';
import type { DkkConclusionData } from './events';
import type { CaseFacts } from './pension-case';
import { pensionRulesOn } from './rules/pension-rules';

/**
 * Why a ДКК conclusion is held for an operator instead of being attached to a case (seed 000 §9: the money reaches the
 * special account first, then the applicant asks their clinic for the conclusion):
 * - `no_case`: it names no case, and its patient has none;
 * - `unknown_case`: it names a case of which we hold no application and no credit, so nothing can be checked;
 * - `other_patient`: it names a case whose patient is someone else;
 * - `session_before_application`: the ДКК session was before the application was signed;
 * - `not_credited`: the money has not reached the special account (no credit yet);
 * - `session_before_credit`: the session was before the money reached the special account.
 * The last three apply from order No. 33 on (rule data `moneyBeforeDkk`).
 */
export const HELD_CONCLUSION_REASONS = [
  'no_case',
  'unknown_case',
  'other_patient',
  'session_before_application',
  'not_credited',
  'session_before_credit',
] as const;
export type HeldConclusionReason = (typeof HELD_CONCLUSION_REASONS)[number];

/** A conclusion not attached to any case, for the operators' review list. `patient` is the IIN (or its keyed form). */
export interface HeldConclusion {
  conclusionId: string;
  patient: string;
  reason: HeldConclusionReason;
  /** The case it names, or the patient's case it could not be attached to. */
  caseId?: string;
}

/** The first day the money reached the special account, over every window of the case. */
function firstCreditOn(facts: CaseFacts): IsoDate | undefined {
  let first: IsoDate | undefined;
  for (const credit of facts.credits) if (!first || credit.data.creditedOn < first) first = credit.data.creditedOn;
  return first;
}

/**
 * Why `conclusion` may not be attached to the case of `facts`, or undefined when it may (seed 000 §9). The order of
 * steps is judged by the rules in force on the day the money was first credited (the application's day, the session's
 * before that), so a case credited before order No. 33 is never held for it.
 */
export function conclusionMismatch(conclusion: DkkConclusionData, facts: CaseFacts): HeldConclusionReason | undefined {
  const application = facts.application;
  const creditedOn = firstCreditOn(facts);
  if (!application && !creditedOn) return 'unknown_case';
  if (application && (application.patientIin ?? application.iin) !== conclusion.iin) return 'other_patient';
  const rules = pensionRulesOn(creditedOn ?? application?.submittedOn ?? conclusion.sessionDate);
  if (!rules.moneyBeforeDkk) return undefined;
  if (application && conclusion.sessionDate < application.submittedOn) return 'session_before_application';
  if (!creditedOn) return 'not_credited';
  if (conclusion.sessionDate < creditedOn) return 'session_before_credit';
  return undefined;
}
