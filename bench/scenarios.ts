import { PRODUCER_TABLE, type UpstreamQueueName } from '../shared/contracts/producers';
import type { PaymentData, UpstreamEvent } from '../shared/domain/events';
import { iinCheckDigit } from '../shared/domain/iin';

/** A bench message: its body, what it is (for requests by type) and the upstream queue its producer sends it on. */
export interface BenchMessage {
  body: string;
  kind: string;
  queue: UpstreamQueueName;
}

/** The live queue and the source that may send `type` (shared/contracts/producers.ts), so no event is refused. */
function producerOf(type: string): { queue: UpstreamQueueName; source: string } {
  for (const queue of ['payments', 'pension', 'dkk'] as const) {
    const allowed = PRODUCER_TABLE[queue].find((entry) => (entry.types as readonly string[]).includes(type));
    if (allowed) return { queue, source: allowed.source };
  }
  return { queue: 'payments', source: 'unknown.source' };
}

const IIN = '850415300121';
const PATIENT = '150603500145';

function envelope(n: number, type: UpstreamEvent['type'], data: unknown): UpstreamEvent {
  const minute = String(n % 60).padStart(2, '0');
  return {
    eventId: `bench-${n}`,
    type,
    occurredAt: `2026-01-05T10:${minute}:00+05:00`,
    source: 'bench.upstream',
    schemaVersion: 1,
    data,
  } as UpstreamEvent;
}

/** One two-stage case with `count` events: application, credit, then conclusions, documents and transfers. */
export function caseWithEvents(count: number): UpstreamEvent[] {
  const caseId = 'OB-BENCH-1';
  const events: UpstreamEvent[] = [
    envelope(0, 'pension.application.submitted', {
      caseId,
      iin: IIN,
      patientIin: PATIENT,
      treatment: 'dental_implantation',
      amountTiyn: 200_000_000,
      submittedOn: '2025-05-05',
    }),
    envelope(1, 'pension.funds.credited', { caseId, creditedOn: '2025-05-12', amountTiyn: 200_000_000 }),
  ];
  for (let n = 2; events.length < count; n++) {
    const stage = n % 2 === 0 ? 1 : 2;
    const day = String(10 + (n % 18)).padStart(2, '0');
    const kind = n % 3;
    if (kind === 0) {
      events.push(
        envelope(n, 'dkk.conclusion.issued', {
          conclusionId: `DKK-${n}`,
          iin: PATIENT,
          sessionDate: `2025-06-${day}`,
          enteredAt: `2025-06-${day}T15:00:00+05:00`,
          medicalOrgBin: '990340001234',
          stage,
        }),
      );
    } else if (kind === 1) {
      events.push(
        envelope(n, 'pension.documents.submitted', {
          caseId,
          stage,
          submittedOn: `2025-06-${day}`,
          transferKind: 'domestic',
        }),
      );
    } else {
      events.push(
        envelope(n, 'pension.transfer.completed', {
          caseId,
          stage,
          transferredOn: `2025-06-${day}`,
          amountTiyn: 1_000_000,
        }),
      );
    }
  }
  return events;
}

export function sixtyMonthsOfPayments(): PaymentData[] {
  return Array.from({ length: 60 }, (_, i) => {
    const index = 2021 * 12 + 5 + i;
    const period = `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
    return {
      iin: IIN,
      period,
      kind: 'deduction',
      payerType: 'employer',
      amountTiyn: 1_050_000,
      paidOn: `${period}-20`,
      status: 'accepted',
    };
  });
}

function validIin(n: number): string {
  // Birth dates spread over 1960–1999, serials from n; skip the rare first digits no IIN can have.
  for (let serial = n; ; serial += 1) {
    const year = 60 + (n % 40);
    const month = 1 + (n % 12);
    const day = 1 + (n % 28);
    const first11 = `${year}${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}${n % 2 === 0 ? 3 : 4}${String(serial % 10_000).padStart(4, '0')}`;
    const check = iinCheckDigit(Array.from(first11, Number));
    if (check !== undefined) return `${first11}${check}`;
  }
}

/**
 * A case's five events, in the order they reach us (seed 000 §9: money first, then ДКК): the application, the credit,
 * the ДКК conclusion on the patient — the applicant here — dated after the credit (every other one names no case, and is
 * attached to the patient's cases as a real case-less conclusion is), the documents and the transfer.
 */
function caseEvent(step: number, caseNo: number, iin: string): [string, unknown] {
  const caseId = `OB-${caseNo}`;
  switch (step) {
    case 0:
      return [
        'pension.application.submitted',
        { caseId, iin, treatment: 'joint_replacement', amountTiyn: 250_000_000, submittedOn: '2026-03-02' },
      ];
    case 1:
      return ['pension.funds.credited', { caseId, creditedOn: '2026-03-20', amountTiyn: 250_000_000 }];
    case 2:
      return [
        'dkk.conclusion.issued',
        {
          conclusionId: `D-${caseNo}`,
          ...(caseNo % 2 === 0 ? { caseId } : {}),
          iin,
          sessionDate: '2026-04-06',
          enteredAt: '2026-04-07T11:00:00+05:00',
          medicalOrgBin: '990340001234',
          stage: 1,
        },
      ];
    case 3:
      return ['pension.documents.submitted', { caseId, stage: 1, submittedOn: '2026-04-15', transferKind: 'domestic' }];
    default:
      return ['pension.transfer.completed', { caseId, stage: 1, transferredOn: '2026-04-20', amountTiyn: 249_000_000 }];
  }
}

/**
 * A realistic mix for the ingest benchmark: ~80% payments, ~3% contacts, ~2% redeliveries, ~14% case events (300+
 * cases: application, credit, ДКК, documents, transfer, every event of a case on its applicant) and ~1% poison
 * messages. No ДКК conclusion is held: each comes after its case's credit (test/unit/bench-scenarios.test.ts).
 */
export function mixedEventStream(
  total: number,
  options: { paymentsOnly?: boolean; idPrefix?: string } = {},
): BenchMessage[] {
  const out: BenchMessage[] = [];
  const prefix = options.idPrefix ?? '';
  const citizens = Array.from({ length: 2_000 }, (_, n) => validIin(n + 1));
  const envelope = (id: string, type: string, data: unknown) =>
    JSON.stringify({
      eventId: `${prefix}${id}`,
      type,
      occurredAt: '2026-05-01T10:00:00+05:00',
      source: producerOf(type).source,
      schemaVersion: 1,
      data,
    });
  const message = (kind: string, type: string, body: string): BenchMessage => ({
    kind,
    body,
    queue: producerOf(type).queue,
  });
  let caseNo = 0;
  let caseIin = citizens[0] as string;
  for (let n = 0; out.length < total; n++) {
    const iin = citizens[n % citizens.length] as string;
    const roll = options.paymentsOnly ? 0 : n % 100;
    if (roll < 80) {
      const month = 1 + (n % 17);
      const period = month <= 12 ? `2025-${String(month).padStart(2, '0')}` : `2026-0${month - 12}`;
      const employer = n % 3 !== 0;
      out.push(
        message(
          'osms.payment',
          'osms.payment',
          envelope(`pay-${n}`, 'osms.payment', {
            iin,
            period,
            kind: employer ? 'deduction' : 'contribution',
            payerType: employer ? 'employer' : 'self_paid',
            amountTiyn: employer ? 1_050_000 : 425_000,
            paidOn: '2026-04-20',
            status: n % 50 === 0 ? 'rejected' : 'accepted',
            ...(n % 50 === 0 ? { rejectReason: 'name mismatch' } : {}),
          }),
        ),
      );
    } else if (roll < 83) {
      const body = envelope(`contact-${n}`, 'citizen.contact', { iin, phone: `+7701${String(n).padStart(7, '0')}` });
      out.push(message('citizen.contact', 'citizen.contact', body));
    } else if (roll < 85) {
      const earlier = out[Math.max(0, out.length - 37)];
      if (earlier && earlier.kind !== 'poison') out.push({ ...earlier, kind: 'redelivery' });
    } else if (roll < 99) {
      const step = roll - 85;
      if (step % 5 === 0) {
        caseNo += 1;
        caseIin = iin;
      }
      const [type, data] = caseEvent(step % 5, caseNo, caseIin);
      // A case-less conclusion is counted on its own row: it is derived over every case of its patient.
      const kind =
        type === 'dkk.conclusion.issued' && !(data as { caseId?: string }).caseId ? `${type} (no caseId)` : type;
      out.push(message(kind, type, envelope(`case-${n}`, type, data)));
    } else {
      const body =
        n % 2 === 0 ? '{"eventId": "cut' : envelope(`bad-${n}`, 'osms.payment', { iin: '123', period: '2026-13' });
      out.push(message('poison', 'osms.payment', body));
    }
  }
  return out.slice(0, total);
}
