import type { PaymentData, UpstreamEvent } from '../shared/domain/events';

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
