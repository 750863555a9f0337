import { PRODUCER_TABLE } from '../../shared/contracts/producers';
import type {
  ApplicationSubmittedData,
  DkkConclusionData,
  DocumentsSubmittedData,
  FundsCreditedData,
  FundsReturnedData,
  PaymentData,
  TransferCompletedData,
  UpstreamEvent,
} from '../../shared/domain/events';

/** Made-up IINs with valid check digits. */
export const IIN = { aigerim: '850415300121', bolat: '900102400138', dana: '150603500145', erlan: '061211600012' };

let counter = 0;

/** The source that may send an event type (shared/contracts/producers.ts), so test events pass the producer check. */
export function sourceFor(type: UpstreamEvent['type']): string {
  for (const allowed of Object.values(PRODUCER_TABLE).flat()) if (allowed.types.includes(type)) return allowed.source;
  throw new Error(`no producer sends ${type}`);
}

function envelope<T extends UpstreamEvent['type']>(type: T, data: unknown, overrides: Partial<UpstreamEvent> = {}) {
  counter += 1;
  return {
    eventId: `test-${type}-${counter}`,
    type,
    occurredAt: '2024-03-01T09:00:00+05:00', // before every moment the tests ask about
    source: sourceFor(type),
    schemaVersion: 1 as const,
    data,
    ...overrides,
  } as Extract<UpstreamEvent, { type: T }>;
}

export function payment(data: Partial<PaymentData> = {}, overrides: Partial<UpstreamEvent> = {}) {
  const full: PaymentData = {
    iin: IIN.aigerim,
    period: '2026-01',
    kind: 'contribution',
    payerType: 'self_paid',
    amountTiyn: 425_000,
    paidOn: '2026-02-10',
    status: 'accepted',
    ...data,
  };
  return envelope('osms.payment', full, overrides);
}

/** Accepted self-paid contributions for each period from `first` to `last` inclusive, each paid on the 10th of the next month (in time) unless `paidOn` is given. */
export function paidMonths(first: string, last: string, data: Partial<PaymentData> = {}) {
  const events = [];
  let [year, month] = first.split('-').map(Number) as [number, number];
  for (;;) {
    const period = `${year}-${String(month).padStart(2, '0')}`;
    const next = month === 12 ? `${year + 1}-01` : `${year}-${String(month + 1).padStart(2, '0')}`;
    events.push(payment({ period, paidOn: `${next}-10`, ...data }));
    if (period === last) return events;
    month += 1;
    if (month === 13) [year, month] = [year + 1, 1];
  }
}

export const application = (data: Partial<ApplicationSubmittedData> = {}, overrides: Partial<UpstreamEvent> = {}) =>
  envelope(
    'pension.application.submitted',
    {
      caseId: 'OB-1',
      iin: IIN.aigerim,
      treatment: 'joint_replacement',
      amountTiyn: 250_000_000,
      submittedOn: '2026-03-02',
      ...data,
    },
    overrides,
  );

export const credited = (data: Partial<FundsCreditedData> = {}, overrides: Partial<UpstreamEvent> = {}) =>
  envelope(
    'pension.funds.credited',
    { caseId: 'OB-1', creditedOn: '2026-03-20', amountTiyn: 250_000_000, ...data },
    overrides,
  );

export const dkk = (data: Partial<DkkConclusionData> = {}, overrides: Partial<UpstreamEvent> = {}) =>
  envelope(
    'dkk.conclusion.issued',
    {
      conclusionId: 'D-1',
      caseId: 'OB-1',
      iin: IIN.aigerim,
      sessionDate: '2026-04-06',
      enteredAt: '2026-04-07T11:00:00+05:00',
      medicalOrgBin: '990340001234',
      stage: 1,
      ...data,
    },
    overrides,
  );

export const documents = (data: Partial<DocumentsSubmittedData> = {}, overrides: Partial<UpstreamEvent> = {}) =>
  envelope(
    'pension.documents.submitted',
    { caseId: 'OB-1', stage: 1, submittedOn: '2026-04-15', transferKind: 'domestic', ...data },
    overrides,
  );

export const transfer = (data: Partial<TransferCompletedData> = {}, overrides: Partial<UpstreamEvent> = {}) =>
  envelope(
    'pension.transfer.completed',
    { caseId: 'OB-1', stage: 1, transferredOn: '2026-04-20', amountTiyn: 249_000_000, ...data },
    overrides,
  );

export const returned = (data: Partial<FundsReturnedData> = {}, overrides: Partial<UpstreamEvent> = {}) =>
  envelope(
    'pension.funds.returned',
    { caseId: 'OB-1', returnedOn: '2026-06-05', amountTiyn: 250_000_000, ...data },
    overrides,
  );

export const exemption = (data: Record<string, unknown>, overrides: Partial<UpstreamEvent> = {}) =>
  envelope('osms.exemption', { iin: IIN.aigerim, basis: 'art28_p7', from: '2026-01-01', ...data }, overrides);

export const contact = (iin = IIN.aigerim, phone = '+77015550123') => envelope('citizen.contact', { iin, phone });

/** A moment in Kazakhstan time, e.g. `at('2026-05-28T12:00')`. */
export function at(local: string): number {
  return Date.parse(`${local}:00+05:00`);
}
