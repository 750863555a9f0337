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

export interface FundsReturnedData {
  caseId: string;
  returnedOn: IsoDate;
  amountTiyn: number;
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
  | FundsReturnedEvent;

export type UpstreamEventType = UpstreamEvent['type'];

/** Outbound to the authorized operator: a documents deadline passed without documents (seed 000 §23). */
export interface ReturnToFundDueData {
  caseId: string;
  creditedOn: IsoDate;
  deadline: IsoDate;
  amountTiyn: number;
}
export type ReturnToFundDueEvent = Envelope<'pension.return_to_fund.due', ReturnToFundDueData>;
