import { DOCUMENT_REJECTION_REASONS, PAYER_TYPES, RETURN_KINDS, STATE_CATEGORIES } from '../domain/events';
import { TREATMENTS } from '../domain/rules/treatments';
import {
  bin,
  currency,
  freeText,
  identifier,
  iin,
  isoDate,
  isoDateTime,
  localDateOf,
  MAX_AMOUNT_TIYN,
  period,
  phone,
  positiveTiyn,
  stage,
  tiyn,
} from './fields';
import { containsIin } from './scrub';
import * as z from './zod';

/** The envelope of every message (BRIEF 3), upstream and outbound, with the type and data schema of one event type. */
export function envelopeOf<T extends string, D extends z.ZodMiniType>(type: T, data: D, description: string) {
  return z
    .strictObject({
      eventId: identifier('eventId'),
      type: z.literal(type),
      occurredAt: isoDateTime,
      source: z.string({ error: 'must be a string' }).check(
        z.regex(/^[a-z0-9][a-z0-9._-]{0,63}$/, { error: 'must be 1–64 characters: lower-case letters, digits, . _ -' }),
        z.refine((value) => !containsIin(value), { error: 'must not contain an IIN' }),
      ),
      schemaVersion: z.literal(1, { error: 'must be 1' }),
      data,
    })
    .register(z.globalRegistry, { title: type, description });
}

export const paymentData = z
  .strictObject({
    iin,
    period,
    kind: z.enum(['deduction', 'contribution']),
    payerType: z.enum(PAYER_TYPES),
    category: z.optional(z.enum(STATE_CATEGORIES)),
    amountTiyn: tiyn,
    paidOn: isoDate,
    status: z.enum(['accepted', 'rejected']),
    rejectReason: z.optional(freeText(500)),
  })
  .check(
    z.superRefine((payment, ctx) => {
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
    }),
  );

export const citizenContactData = z.strictObject({ iin, phone });

export const applicationSubmittedData = z.strictObject({
  caseId: identifier('caseId'),
  iin,
  patientIin: z.optional(iin),
  treatment: z.enum(TREATMENTS),
  amountTiyn: positiveTiyn,
  submittedOn: isoDate,
});

export const fundsCreditedData = z.strictObject({
  caseId: identifier('caseId'),
  creditedOn: isoDate,
  amountTiyn: positiveTiyn,
  currency: z.optional(currency),
});

export const dkkConclusionData = z
  .strictObject({
    conclusionId: identifier('conclusionId'),
    caseId: z.optional(identifier('caseId')),
    iin,
    sessionDate: isoDate,
    enteredAt: isoDateTime,
    medicalOrgBin: bin,
    stage,
  })
  .check(
    z.superRefine((dkk, ctx) => {
      if (localDateOf(dkk.enteredAt) < dkk.sessionDate) {
        ctx.addIssue({ code: 'custom', path: ['enteredAt'], message: 'is before the ДКК session date' });
      }
    }),
  );

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
  kind: z.optional(z.enum(RETURN_KINDS)).register(z.globalRegistry, {
    description: 'unused_deadline: no documents within 45 working days (§23); remainder: §23 ¶2',
  }),
  exchangeDifferenceTiyn: z
    .optional(
      z
        .int({ error: 'must be a whole number of tiyn' })
        .check(
          z.minimum(-MAX_AMOUNT_TIYN, { error: 'must be at least -10^12 tiyn' }),
          z.maximum(MAX_AMOUNT_TIYN, { error: 'must be at most 10^12 tiyn' }),
        ),
    )
    .register(z.globalRegistry, {
      description: 'Foreign-currency treatment: the exchange difference of the returned remainder, in tiyn',
    }),
});

export const documentsRejectedData = z.strictObject({
  caseId: identifier('caseId'),
  stage,
  rejectedOn: isoDate,
  reasonCode: z.enum(DOCUMENT_REJECTION_REASONS),
});

export const transferRequestedData = z.strictObject({
  caseId: identifier('caseId'),
  stage,
  transferKind: z.enum(['conversion', 'international']),
  signedOn: isoDate,
});

/** An exemption under art. 28 p.7 or a state category period of one person (seed 003 art. 5 p.1; seed 001 §20-1). */
export const exemptionData = z
  .strictObject({
    iin,
    basis: z.enum(['art28_p7', ...STATE_CATEGORIES] as const),
    from: isoDate,
    to: z.optional(isoDate),
  })
  .check(
    z.superRefine((exemption, ctx) => {
      if (exemption.to !== undefined && exemption.to < exemption.from) {
        ctx.addIssue({ code: 'custom', path: ['to'], message: 'is before from' });
      }
    }),
  );

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
  'pension.documents.rejected': envelopeOf(
    'pension.documents.rejected',
    documentsRejectedData,
    'The operator did not accept the documents of a stage; they count as not submitted and the 45-day clock runs on.',
  ),
  'pension.transfer.requested': envelopeOf(
    'pension.transfer.requested',
    transferRequestedData,
    'The applicant signed the conversion or international-transfer application; it is paid within 3 working days.',
  ),
  'osms.exemption': envelopeOf(
    'osms.exemption',
    exemptionData,
    'A period in which a person is exempt under art. 28 p.7 (covered without contributions) or belongs to a category the state pays contributions for; `to` is the last day, open when absent.',
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
