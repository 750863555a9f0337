import type { UpstreamEvent } from '../domain/events';
import type { OutboundEvent } from './outbound';

/**
 * One example message per event type, published beside the JSON Schemas in `docs/events/examples/` and checked by
 * the tests against the schemas. The IINs are made-up numbers with valid check digits.
 */
export const UPSTREAM_EXAMPLES: readonly UpstreamEvent[] = [
  {
    eventId: 'gk-pay-2026-05-000187',
    type: 'osms.payment',
    occurredAt: '2026-05-20T11:42:07+05:00',
    source: 'gov4c.payments',
    schemaVersion: 1,
    data: {
      iin: '850415300121',
      period: '2026-04',
      kind: 'deduction',
      payerType: 'employer',
      amountTiyn: 1_050_000,
      paidOn: '2026-05-20',
      status: 'accepted',
    },
  },
  {
    eventId: 'gk-contact-9d41c2',
    type: 'citizen.contact',
    occurredAt: '2026-03-02T09:15:00+05:00',
    source: 'gov4c.contacts',
    schemaVersion: 1,
    data: { iin: '850415300121', phone: '+77015550123' },
  },
  {
    eventId: 'otbasy-app-77120',
    type: 'pension.application.submitted',
    occurredAt: '2026-01-05T16:20:00+05:00',
    source: 'otbasy.cabinet',
    schemaVersion: 1,
    data: {
      caseId: 'OB-2026-000451',
      iin: '850415300121',
      patientIin: '150603500145',
      treatment: 'joint_replacement',
      amountTiyn: 320_000_000,
      submittedOn: '2026-01-05',
    },
  },
  {
    eventId: 'enpf-credit-55810',
    type: 'pension.funds.credited',
    occurredAt: '2026-01-09T12:00:00+05:00',
    source: 'enpf.payments',
    schemaVersion: 1,
    data: { caseId: 'OB-2026-000451', creditedOn: '2026-01-09', amountTiyn: 320_000_000, currency: 'KZT' },
  },
  {
    eventId: 'mis-dkk-2026-0091827',
    type: 'dkk.conclusion.issued',
    occurredAt: '2026-01-20T10:31:44+05:00',
    source: 'mis.dkk',
    schemaVersion: 1,
    data: {
      conclusionId: 'DKK-026E-0091827',
      caseId: 'OB-2026-000451',
      iin: '150603500145',
      sessionDate: '2026-01-16',
      enteredAt: '2026-01-20T10:31:00+05:00',
      medicalOrgBin: '990340001234',
      stage: 1,
    },
  },
  {
    eventId: 'otbasy-docs-77120-1',
    type: 'pension.documents.submitted',
    occurredAt: '2026-02-03T14:05:00+05:00',
    source: 'otbasy.cabinet',
    schemaVersion: 1,
    data: { caseId: 'OB-2026-000451', stage: 1, submittedOn: '2026-02-03', transferKind: 'domestic' },
  },
  {
    eventId: 'otbasy-transfer-77120-1',
    type: 'pension.transfer.completed',
    occurredAt: '2026-02-06T17:45:00+05:00',
    source: 'otbasy.payments',
    schemaVersion: 1,
    data: { caseId: 'OB-2026-000451', stage: 1, transferredOn: '2026-02-06', amountTiyn: 318_500_000 },
  },
  {
    eventId: 'otbasy-return-88012',
    type: 'pension.funds.returned',
    occurredAt: '2026-04-03T09:00:00+05:00',
    source: 'otbasy.payments',
    schemaVersion: 1,
    data: { caseId: 'OB-2026-000377', returnedOn: '2026-04-03', amountTiyn: 150_000_000, kind: 'unused_deadline' },
  },
  {
    eventId: 'otbasy-docs-rejected-77120-1',
    type: 'pension.documents.rejected',
    occurredAt: '2026-02-05T11:10:00+05:00',
    source: 'otbasy.cabinet',
    schemaVersion: 1,
    data: { caseId: 'OB-2026-000452', stage: 1, rejectedOn: '2026-02-05', reasonCode: 'contract_mismatch' },
  },
  {
    eventId: 'otbasy-transfer-request-77133-1',
    type: 'pension.transfer.requested',
    occurredAt: '2026-02-10T15:30:00+05:00',
    source: 'otbasy.cabinet',
    schemaVersion: 1,
    data: { caseId: 'OB-2026-000460', stage: 1, transferKind: 'international', signedOn: '2026-02-10' },
  },
  {
    eventId: 'gk-category-2026-000931',
    type: 'osms.exemption',
    occurredAt: '2026-03-03T10:05:00+05:00',
    source: 'gov4c.categories',
    schemaVersion: 1,
    data: { iin: '900102400138', basis: 'art28_p7', from: '2026-03-01' },
  },
];

/** What we send the operator: the order after the settle window, and its withdrawal when documents in time came late. */
export const OUTBOUND_EXAMPLES: readonly OutboundEvent[] = [
  {
    eventId: 'return-due:OB-2026-000377:window-1',
    type: 'pension.return_to_fund.due',
    occurredAt: '2026-04-02T12:00:00+05:00',
    source: 'osms-bot.notify',
    schemaVersion: 1,
    data: { caseId: 'OB-2026-000377', creditedOn: '2026-01-23', deadline: '2026-04-01', amountTiyn: 150_000_000 },
  },
  {
    eventId: 'return-withdrawn:OB-2026-000377:window-1',
    type: 'pension.return_to_fund.withdrawn',
    occurredAt: '2026-04-02T15:40:00+05:00',
    source: 'osms-bot.notify',
    schemaVersion: 1,
    data: {
      caseId: 'OB-2026-000377',
      creditedOn: '2026-01-23',
      deadline: '2026-04-01',
      amountTiyn: 150_000_000,
      reason: 'documents_in_time',
    },
  },
];
