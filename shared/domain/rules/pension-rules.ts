import type { IsoDate } from '../dates';
import { inForceOn, type Versioned } from './rule-book';
import { TREATMENTS, type Treatment } from './treatments';

/** A reminder before the documents deadline: on the n-th working day before it, at a local time. */
export interface DocumentsReminderRule {
  /** 0: on the deadline day itself. */
  workingDaysBefore: number;
  /** Kazakhstan wall-clock time, `HH:MM`. */
  localTime: string;
}

/** The numbers of the pension-for-treatment rules (BRIEF 2.4, seed 000), versioned by the date they came into force. */
export interface PensionRuleSet extends Versioned {
  /** Documents confirming targeted use are due within this many working days of the credit (seed 000 §23). */
  documentsWindowWorkingDays: number;
  /** The operator pays the clinic within this many working days of the documents (§21). */
  clinicTransferWorkingDays: number;
  /** Conversion and international transfers are checked and paid within this many working days (§22). */
  foreignTransferWorkingDays: number;
  /** The clinic enters the ДКК conclusion into the information system within this many working days (§19, §19-1). */
  dkkEntryWorkingDays: number;
  documentsReminders: DocumentsReminderRule[];
  /** Treatments that may be paid for; money credited under this version is judged against this list. */
  allowedTreatments: Treatment[];
  /** Treatments paid in two stages, each with its own ДКК conclusion (§11, §20, §21, §22-1). */
  twoStageTreatments: Treatment[];
  /** Whether the operator takes new applications (paused from 2026-01-12). */
  acceptsNewApplications: boolean;
  /**
   * Seed 000 §9 (order No. 33): the applicant asks for the ДКК conclusion only after the money reached the special
   * account. When true, a conclusion whose session is before the credit (or the application) is not attached to the
   * case but held for an operator; the rules before order No. 33 are not known to us to say so, so older cases are
   * never held for it.
   */
  moneyBeforeDkk: boolean;
  /**
   * When the return-to-fund order may go out after a deadline passed without documents: this many working days after
   * the deadline, at this Kazakhstan time (0 days: 00:00 of the next calendar day). Ours, not the law's: late-arriving
   * documents dated in time must never meet an order already sent (docs/domain.md "Settle window").
   */
  returnOrderSettle: { workingDaysAfterDeadline: number; localTime: string };
}

/**
 * Ours, not the law's: 10:00 on the working days 10, 5, 2 and 1 before the deadline, and 09:00 on the deadline day
 * itself ("today is the last day", issue 14 item 10) — the first hour out of quiet hours, so the citizen has the whole
 * working day to upload.
 */
const REMINDERS: DocumentsReminderRule[] = [
  ...[10, 5, 2, 1].map((n) => ({ workingDaysBefore: n, localTime: '10:00' })),
  { workingDaysBefore: 0, localTime: '09:00' },
];
const TWO_STAGE: Treatment[] = ['dental_implantation', 'dental_prosthetics'];
const WITHOUT_DENTAL_AND_EYE = TREATMENTS.filter((t) => !TWO_STAGE.includes(t) && t !== 'ophthalmology');

/** The durations of order No. 33 (seed 000 §19, §21, §22, §23); no later act we know of changed them. */
const ORDER_33 = {
  documentsWindowWorkingDays: 45,
  clinicTransferWorkingDays: 5,
  foreignTransferWorkingDays: 3,
  dkkEntryWorkingDays: 2,
  documentsReminders: REMINDERS,
  twoStageTreatments: TWO_STAGE,
  returnOrderSettle: { workingDaysAfterDeadline: 1, localTime: '12:00' },
};

/**
 * Each act its own version, in force on the day the act itself names (an order of the Minister of Health comes into
 * force ten calendar days after its first official publication — not after its registration with the Ministry of
 * Justice). A version is `provisional` where our sources do not say what exactly the act changed.
 */
export const PENSION_RULE_SETS: readonly PensionRuleSet[] = [
  {
    id: 'dsm18-2021',
    effectiveFrom: '2021-02-15',
    provisional: true,
    sources: [
      'rules ҚР ДСМ-18 of 2021-02-15 before order No. 33; durations taken as in order No. 33 until checked against the',
      'text then in force, so that cases credited before 2025-04-27 still get a deadline; the order of steps of §9 is',
      'not known for this text, so no conclusion is held for it',
    ],
    ...ORDER_33,
    allowedTreatments: [...TREATMENTS],
    acceptsNewApplications: true,
    moneyBeforeDkk: false,
  },
  {
    id: 'dsm18-order33',
    // Order No. 33 of 2025-04-09, registered 2025-04-11 (No. 35967): in force ten calendar days after its first
    // official publication (seed 000, point 4), which legal databases give as 2025-04-27.
    effectiveFrom: '2025-04-27',
    sources: [
      'seed 000: order No. 33 of 2025-04-09 amending ҚР ДСМ-18, §9, §11, §17, §19, §19-1, §20–§23; point 4: in force',
      '10 calendar days after first official publication',
      'date of effect 2025-04-27 as given by legal databases (issue 13); registration on 2025-04-11 is not publication',
    ],
    ...ORDER_33,
    allowedTreatments: [...TREATMENTS],
    acceptsNewApplications: true,
    moneyBeforeDkk: true,
  },
  {
    id: 'dsm18-order150',
    effectiveFrom: '2025-12-04',
    provisional: true,
    sources: [
      'order No. 150 of 2025-11-19 amending ҚР ДСМ-18, in force 2025-12-04 per legal databases (issue 13)',
      'dental and eye treatment were removed in late 2025 (BRIEF 2.4) by this order or by No. 164: our sources do not',
      'say which; the removal is put here, on the earlier date, so that a doubtful case is flagged for review rather',
      'than missed',
    ],
    ...ORDER_33,
    allowedTreatments: WITHOUT_DENTAL_AND_EYE,
    acceptsNewApplications: true,
    moneyBeforeDkk: true,
  },
  {
    id: 'dsm18-order164',
    effectiveFrom: '2025-12-28',
    provisional: true,
    sources: [
      'order No. 164 of 2025-12-11 amending ҚР ДСМ-18, in force 2025-12-28 per legal databases (issue 13)',
      'its text is not in our sources: lists and durations carried over from order No. 150 until checked',
    ],
    ...ORDER_33,
    allowedTreatments: WITHOUT_DENTAL_AND_EYE,
    acceptsNewApplications: true,
    moneyBeforeDkk: true,
  },
  {
    id: 'dsm18-paused-2026',
    effectiveFrom: '2026-01-12',
    sources: ['new applications paused from 2026-01-12 (BRIEF 2.4); cases already credited keep their deadlines'],
    ...ORDER_33,
    allowedTreatments: WITHOUT_DENTAL_AND_EYE,
    acceptsNewApplications: false,
    moneyBeforeDkk: true,
  },
];

/** The pension rules in force on a date; a case is judged by the rules in force on the day its money was credited. */
export function pensionRulesOn(date: IsoDate): PensionRuleSet {
  return inForceOn(PENSION_RULE_SETS, date, { beforeFirst: 'use_first' });
}
