import type { IsoDate, Period } from './dates';
import type { Treatment } from './rules/treatments';

/**
 * The upstream events of BRIEF section 3 as the domain sees them, after `shared/contracts/` has validated them.
 * The zod schemas there are checked (at compile time) to produce exactly these types.
 */
export interface Envelope<T extends string, D> {
  eventId: string;
  type: T;
  /** ISO-8601 with offset. */
  occurredAt: string;
  source: string;
  schemaVersion: 1;
  data: D;
}

export const PAYER_TYPES = [
  'employer',
  'employee',
  'individual_entrepreneur',
  'self_paid',
  'single_aggregate',
  'platform',
  'state',
] as const;
export type PayerType = (typeof PAYER_TYPES)[number];

/** The categories the state pays for (seed 001 §2, seed 004). */
export const STATE_CATEGORIES = [
  'child',
  'disability',
  'registered_unemployed',
  'non_working_pregnant',
  'non_working_parent_child_under_3',
  'childcare_leave',
  'carer_of_disabled',
  'student',
  'graduate_first_3_months',
  'kandas',
  'mother_altyn_kumis_alka',
  'pensioner',
  'detained',
  'targeted_social_assistance',
] as const;
export type StateCategory = (typeof STATE_CATEGORIES)[number];

export interface PaymentData {
  iin: string;
  period: Period;
  kind: 'deduction' | 'contribution';
  payerType: PayerType;
  category?: StateCategory;
  amountTiyn: number;
  paidOn: IsoDate;
  status: 'accepted' | 'rejected';
  rejectReason?: string;
}

export interface CitizenContactData {
  iin: string;
  phone: string;
}

export interface ApplicationSubmittedData {
  caseId: string;
  iin: string;
  patientIin?: string;
  treatment: Treatment;
  amountTiyn: number;
  submittedOn: IsoDate;
}

export interface FundsCreditedData {
  caseId: string;
  creditedOn: IsoDate;
  amountTiyn: number;
  currency?: string;
}

export type Stage = 1 | 2;

export interface DkkConclusionData {
  conclusionId: string;
  caseId?: string;
  iin: string;
  sessionDate: IsoDate;
  enteredAt: string;
  medicalOrgBin: string;
  stage: Stage;
}

export type TransferKind = 'domestic' | 'conversion' | 'international';

export interface DocumentsSubmittedData {
  caseId: string;
  stage: Stage;
  submittedOn: IsoDate;
  transferKind: TransferKind;
}

export interface TransferCompletedData {
  caseId: string;
  stage: Stage;
  transferredOn: IsoDate;
  amountTiyn: number;
}

/**
 * Why money went back to ENPF (seed 000 §23): the documents were not submitted within 45 working days
 * (`unused_deadline`), or the clinic was paid less than was credited and the unused remainder went back (`remainder`,
 * §23 ¶2). Optional for senders that do not say: then a return after a clinic payment is read as a remainder.
 */
export const RETURN_KINDS = ['unused_deadline', 'remainder'] as const;
export type ReturnKind = (typeof RETURN_KINDS)[number];

export interface FundsReturnedData {
  caseId: string;
  returnedOn: IsoDate;
  amountTiyn: number;
  kind?: ReturnKind;
  /**
   * For treatment abroad paid in a foreign currency: the exchange difference the operator accounted for when it
   * returned the remainder in tenge (§23 ¶2), in tiyn; negative when the rate moved against the citizen.
   */
  exchangeDifferenceTiyn?: number;
}

export type PaymentEvent = Envelope<'osms.payment', PaymentData>;
export type CitizenContactEvent = Envelope<'citizen.contact', CitizenContactData>;
export type ApplicationSubmittedEvent = Envelope<'pension.application.submitted', ApplicationSubmittedData>;
export type FundsCreditedEvent = Envelope<'pension.funds.credited', FundsCreditedData>;
export type DkkConclusionEvent = Envelope<'dkk.conclusion.issued', DkkConclusionData>;
export type DocumentsSubmittedEvent = Envelope<'pension.documents.submitted', DocumentsSubmittedData>;
export type TransferCompletedEvent = Envelope<'pension.transfer.completed', TransferCompletedData>;
export type FundsReturnedEvent = Envelope<'pension.funds.returned', FundsReturnedData>;

export type UpstreamEvent =
  | PaymentEvent
  | CitizenContactEvent
  | ApplicationSubmittedEvent
  | FundsCreditedEvent
  | DkkConclusionEvent
  | DocumentsSubmittedEvent
  | TransferCompletedEvent
  | FundsReturnedEvent
  | DocumentsRejectedEvent
  | TransferRequestedEvent
  | ExemptionEvent;

export type UpstreamEventType = UpstreamEvent['type'];

/**
 * Why the operator did not accept the documents of a stage (seed 000 §21: it pays only for documents that match the
 * targeted use; §22: what the documents and the contract must contain).
 */
export const DOCUMENT_REJECTION_REASONS = [
  'not_targeted_use',
  'incomplete',
  'contract_mismatch',
  'translation_missing',
  'other',
] as const;
export type DocumentRejectionReason = (typeof DOCUMENT_REJECTION_REASONS)[number];

/** The operator rejected the documents of a stage: they count as never submitted; the 45-day clock keeps running. */
export interface DocumentsRejectedData {
  caseId: string;
  stage: Stage;
  rejectedOn: IsoDate;
  reasonCode: DocumentRejectionReason;
}
export type DocumentsRejectedEvent = Envelope<'pension.documents.rejected', DocumentsRejectedData>;

/**
 * The applicant signed the conversion or international-transfer application in the operator's cabinet (seed 000 §22):
 * the operator checks it and pays within 3 working days of it. A separate event, not a field of the documents event:
 * the application is signed after the documents were accepted, and resending the documents event with a new field
 * would be a conflicting version of it.
 */
export interface TransferRequestedData {
  caseId: string;
  stage: Stage;
  transferKind: Exclude<TransferKind, 'domestic'>;
  signedOn: IsoDate;
}
export type TransferRequestedEvent = Envelope<'pension.transfer.requested', TransferRequestedData>;

/** Outbound to the authorized operator: a documents deadline passed without documents (seed 000 §23). */
export interface ReturnToFundDueData {
  caseId: string;
  creditedOn: IsoDate;
  deadline: IsoDate;
  amountTiyn: number;
}
export type ReturnToFundDueEvent = Envelope<'pension.return_to_fund.due', ReturnToFundDueData>;

/**
 * Why a person has the right to care without paying, or who pays for them, over a period (seed 003 art. 5 p.1:
 * people exempt under art. 28 p.7 have the right without contributions; seed 001 §20-1 and seed 004: the categories
 * the state pays for).
 */
export const EXEMPTION_BASES = ['art28_p7', ...STATE_CATEGORIES] as const;
export type ExemptionBasis = (typeof EXEMPTION_BASES)[number];

/**
 * An exemption (`art28_p7`) or a state category period of one person, from the State Corporation. `to` is the last
 * day, inclusive; without it the period is open. The same (person, basis, start) sent again with another end is a
 * correction: the statement that occurred later counts.
 */
export interface ExemptionData {
  iin: string;
  basis: ExemptionBasis;
  from: IsoDate;
  to?: IsoDate;
}
export type ExemptionEvent = Envelope<'osms.exemption', ExemptionData>;
