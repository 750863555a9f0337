import { z } from 'zod';
import { PAYER_TYPES, STATE_CATEGORIES } from '../domain/events';
import { TREATMENTS } from '../domain/rules/treatments';
import {
  bin,
  currency,
  identifier,
  iin,
  isoDate,
  isoDateTime,
  localDateOf,
  period,
  phone,
  positiveTiyn,
  stage,
  tiyn,
} from './fields';

/** The envelope of every upstream message (BRIEF 3), with the type and data schema of one event type. */
function envelopeOf<T extends string, D extends z.ZodType>(type: T, data: D, description: string) {
  return z
    .strictObject({
      eventId: identifier('eventId'),
      type: z.literal(type),
      occurredAt: isoDateTime,
      source: z
        .string({ error: 'must be a string' })
        .regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, { error: 'must be 1–64 characters: lower-case letters, digits, . _ -' }),
      schemaVersion: z.literal(1, { error: 'must be 1' }),
      data,
    })
    .meta({ title: type, description });
}

export const paymentData = z
  .strictObject({
    iin,
    period,
    kind: z.enum(['deduction', 'contribution']),
    payerType: z.enum(PAYER_TYPES),
    category: z.enum(STATE_CATEGORIES).optional(),
    amountTiyn: tiyn,
    paidOn: isoDate,
    status: z.enum(['accepted', 'rejected']),
    rejectReason: z.string().min(1).max(500).optional(),
  })
  .superRefine((payment, ctx) => {
    // Only an employer makes deductions (аударымдар); everyone else pays contributions (жарналар) — BRIEF 2.3.
    if ((payment.kind === 'deduction') !== (payment.payerType === 'employer')) {
      ctx.addIssue({
        code: 'custom',
        path: ['kind'],
        message: 'deduction goes with payerType employer, contribution with the others',
      });
    }
    if (payment.payerType === 'state' && payment.category === undefined) {
      ctx.addIssue({ code: 'custom', path: ['category'], message: 'is required when the state pays' });
    }
    if (payment.payerType !== 'state' && payment.category !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['category'], message: 'is only for payerType state' });
    }
    if (payment.status === 'accepted' && payment.rejectReason !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['rejectReason'], message: 'is only for a rejected payment' });
    }
  });

export const citizenContactData = z.strictObject({ iin, phone });

export const applicationSubmittedData = z.strictObject({
  caseId: identifier('caseId'),
  iin,
  patientIin: iin.optional(),
  treatment: z.enum(TREATMENTS),
  amountTiyn: positiveTiyn,
  submittedOn: isoDate,
});

export const fundsCreditedData = z.strictObject({
  caseId: identifier('caseId'),
  creditedOn: isoDate,
  amountTiyn: positiveTiyn,
  currency: currency.optional(),
});

export const dkkConclusionData = z
  .strictObject({
    conclusionId: identifier('conclusionId'),
    caseId: identifier('caseId').optional(),
    iin,
    sessionDate: isoDate,
    enteredAt: isoDateTime,
    medicalOrgBin: bin,
    stage,
  })
  .superRefine((dkk, ctx) => {
    if (localDateOf(dkk.enteredAt) < dkk.sessionDate) {
      ctx.addIssue({ code: 'custom', path: ['enteredAt'], message: 'is before the ДКК session date' });
    }
  });

export const documentsSubmittedData = z.strictObject({
  caseId: identifier('caseId'),
  stage,
  submittedOn: isoDate,
  transferKind: z.enum(['domestic', 'conversion', 'international']),
});

export const transferCompletedData = z.strictObject({
  caseId: identifier('caseId'),
  stage,
  transferredOn: isoDate,
  amountTiyn: positiveTiyn,
});

export const fundsReturnedData = z.strictObject({
  caseId: identifier('caseId'),
  returnedOn: isoDate,
  amountTiyn: tiyn,
});

export const returnToFundDueData = z.strictObject({
  caseId: identifier('caseId'),
  creditedOn: isoDate,
  deadline: isoDate,
  amountTiyn: tiyn,
});

/** Every upstream event type, its schema and what it means. */
export const UPSTREAM_EVENT_SCHEMAS = {
  'osms.payment': envelopeOf(
    'osms.payment',
    paymentData,
    'A МӘМС deduction or contribution for one person and month, accepted or rejected by the State Corporation.',
  ),
  'citizen.contact': envelopeOf(
    'citizen.contact',
    citizenContactData,
    'The phone of record of a person, used to check a Telegram contact before linking.',
  ),
  'pension.application.submitted': envelopeOf(
    'pension.application.submitted',
    applicationSubmittedData,
    'An application for a one-time pension payment for treatment, signed at the authorized operator.',
  ),
  'pension.funds.credited': envelopeOf(
    'pension.funds.credited',
    fundsCreditedData,
    "ENPF's money reached the applicant's special account; the 45-working-day documents window starts.",
  ),
  'dkk.conclusion.issued': envelopeOf(
    'dkk.conclusion.issued',
    dkkConclusionData,
    'A ДКК conclusion (form 026/е) entered into the medical information system.',
  ),
  'pension.documents.submitted': envelopeOf(
    'pension.documents.submitted',
    documentsSubmittedData,
    'The contract or invoice and the ДКК conclusion were uploaded in the operator cabinet for a stage.',
  ),
  'pension.transfer.completed': envelopeOf(
    'pension.transfer.completed',
    transferCompletedData,
    'The operator paid the clinic for a stage.',
  ),
  'pension.funds.returned': envelopeOf('pension.funds.returned', fundsReturnedData, 'Unused money went back to ENPF.'),
} as const;

export const OUTBOUND_EVENT_SCHEMAS = {
  'pension.return_to_fund.due': envelopeOf(
    'pension.return_to_fund.due',
    returnToFundDueData,
    'To the authorized operator: the documents deadline passed without stage-1 documents; return the money to ENPF.',
  ),
} as const;

export type UpstreamEventTypeName = keyof typeof UPSTREAM_EVENT_SCHEMAS;
export const UPSTREAM_EVENT_TYPES = Object.keys(UPSTREAM_EVENT_SCHEMAS) as UpstreamEventTypeName[];

export const upstreamEventSchema = z.discriminatedUnion(
  'type',
  Object.values(UPSTREAM_EVENT_SCHEMAS) as unknown as [
    (typeof UPSTREAM_EVENT_SCHEMAS)[UpstreamEventTypeName],
    ...(typeof UPSTREAM_EVENT_SCHEMAS)[UpstreamEventTypeName][],
  ],
);
