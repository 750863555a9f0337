import type { IsoDate } from '../dates';
import { inForceOn, type Versioned } from './rule-book';
import { TREATMENTS, type Treatment } from './treatments';

/** A reminder before the documents deadline: on the n-th working day before it, at a local time. */
export interface DocumentsReminderRule {
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
}

const REMINDERS: DocumentsReminderRule[] = [10, 5, 2, 1].map((n) => ({ workingDaysBefore: n, localTime: '10:00' }));
const TWO_STAGE: Treatment[] = ['dental_implantation', 'dental_prosthetics'];
const WITHOUT_DENTAL_AND_EYE = TREATMENTS.filter((t) => !TWO_STAGE.includes(t) && t !== 'ophthalmology');

const ORDER_33 = {
  documentsWindowWorkingDays: 45,
  clinicTransferWorkingDays: 5,
  foreignTransferWorkingDays: 3,
  dkkEntryWorkingDays: 2,
  documentsReminders: REMINDERS,
  twoStageTreatments: TWO_STAGE,
};

export const PENSION_RULE_SETS: readonly PensionRuleSet[] = [
  {
    id: 'dsm18-2021',
    effectiveFrom: '2021-02-15',
    provisional: true,
    sources: [
      'rules ҚР ДСМ-18 of 2021-02-15 before order No. 33; durations taken as in order No. 33 until checked against the',
      'text then in force, so that cases credited before 2025-04-22 still get a deadline',
    ],
    ...ORDER_33,
    allowedTreatments: [...TREATMENTS],
    acceptsNewApplications: true,
  },
  {
    id: 'dsm18-order33',
    // Order No. 33 of 2025-04-09, registered 2025-04-11, in force ten calendar days after its first official
    // publication (seed 000, point 4).
    effectiveFrom: '2025-04-22',
    provisional: true,
    sources: ['seed 000: order No. 33 of 2025-04-09 amending ҚР ДСМ-18, §9, §11, §17, §19, §19-1, §20–§23'],
    ...ORDER_33,
    allowedTreatments: [...TREATMENTS],
    acceptsNewApplications: true,
  },
  {
    id: 'dsm18-late-2025',
    effectiveFrom: '2025-12-01',
    provisional: true,
    sources: [
      'orders of 2025-11-19 and 2025-12-11 amending ҚР ДСМ-18: dental and eye treatment removed (BRIEF 2.4)',
      'effective date to be confirmed against the published orders',
    ],
    ...ORDER_33,
    allowedTreatments: WITHOUT_DENTAL_AND_EYE,
    acceptsNewApplications: true,
  },
  {
    id: 'dsm18-paused-2026',
    effectiveFrom: '2026-01-12',
    sources: ['new applications paused from 2026-01-12 (BRIEF 2.4); cases already credited keep their deadlines'],
    ...ORDER_33,
    allowedTreatments: WITHOUT_DENTAL_AND_EYE,
    acceptsNewApplications: false,
  },
];

/** The pension rules in force on a date; a case is judged by the rules in force on the day its money was credited. */
export function pensionRulesOn(date: IsoDate): PensionRuleSet {
  return inForceOn(PENSION_RULE_SETS, date, { beforeFirst: 'use_first' });
}
