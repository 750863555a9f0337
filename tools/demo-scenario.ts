import { PRODUCER_TABLE } from '../shared/contracts/producers';
import type { UpstreamEvent } from '../shared/domain/events';

/**
 * The story `npm run demo` tells (tools/demo-run.ts): who takes part, the history loaded at the start (through the
 * backfill queue: plans follow it, nobody is told about what is already past), the events that arrive while the clock
 * runs, and the moments a citizen opens a screen in the bot.
 */
export const people = {
  aigerim: { iin: '850415300121', phone: '+77015550123', chatId: 1001, language: 'kk' as const, name: 'Айгерім' },
  bolat: { iin: '900102400138', phone: '+77025550456', chatId: 1002, language: 'ru' as const, name: 'Болат' },
  dana: { iin: '150603500145', name: 'Дана (patient)' },
};
export type DemoPerson = typeof people.aigerim | typeof people.bolat;

export const DEMO_START = { day: '2026-05-25', hour: 9 } as const;
export const DEMO_END_DAY = '2026-07-02';

export const SCENARIO_TEXT = [
  'Scenario',
  '  Айгерім (Kazakh chat): last contribution for March 2026 → coverage ends 30 June; pension case OB-1',
  '          credited 20 March → documents due 2 June (45 working days, Nauryz and May holidays skipped).',
  '  Болат (Russian chat): two-stage dental implants for his daughter Дана, case OB-2, stage 1 paid;',
  '          his employer pays his deductions, and the one for April comes back rejected (wrong name).',
  '',
].join('\n');

function sourceOf(type: UpstreamEvent['type']): string {
  const allowed = Object.values(PRODUCER_TABLE)
    .flat()
    .find((entry) => entry.types.includes(type));
  if (!allowed) throw new Error(`no producer sends ${type}`);
  return allowed.source;
}

let sequence = 0;
/** One upstream event from its producer's own source, so it passes the producer check of its queue as a real one. */
function event<T extends UpstreamEvent['type']>(
  type: T,
  occurredAt: string,
  data: Extract<UpstreamEvent, { type: T }>['data'],
): UpstreamEvent {
  sequence += 1;
  return { eventId: `demo-${sequence}`, type, occurredAt, source: sourceOf(type), schemaVersion: 1, data } as Extract<
    UpstreamEvent,
    { type: T }
  >;
}

const selfPaid = (period: string) =>
  event('osms.payment', '2026-04-20T10:00:00+05:00', {
    iin: people.aigerim.iin,
    period,
    kind: 'contribution',
    payerType: 'self_paid',
    amountTiyn: 425_000,
    paidOn: '2026-04-20',
    status: 'accepted',
  });

const deduction = (period: string, paidOn: string) =>
  event('osms.payment', `${paidOn}T10:00:00+05:00`, {
    iin: people.bolat.iin,
    period,
    kind: 'deduction',
    payerType: 'employer',
    amountTiyn: 1_050_000,
    paidOn,
    status: 'accepted',
  });

/** What happened before the demo's clock starts: loaded as history, so no citizen is told about it again. */
export function historyEvents(): UpstreamEvent[] {
  // The second case first: its stage-1 transfer then arrives in the same ingest batch as its documents (see the report
  // of issue 14: a past-due transfer check planned between two batches of one backfill notifies).
  return [
    event('pension.application.submitted', '2025-11-03T10:00:00+05:00', {
      caseId: 'OB-2',
      iin: people.bolat.iin,
      patientIin: people.dana.iin,
      treatment: 'dental_implantation',
      amountTiyn: 180_000_000,
      submittedOn: '2025-11-03',
    }),
    event('pension.funds.credited', '2025-11-14T10:00:00+05:00', {
      caseId: 'OB-2',
      creditedOn: '2025-11-14',
      amountTiyn: 180_000_000,
    }),
    event('pension.documents.submitted', '2025-12-01T10:00:00+05:00', {
      caseId: 'OB-2',
      stage: 1,
      submittedOn: '2025-12-01',
      transferKind: 'domestic',
    }),
    event('pension.transfer.completed', '2025-12-04T10:00:00+05:00', {
      caseId: 'OB-2',
      stage: 1,
      transferredOn: '2025-12-04',
      amountTiyn: 90_000_000,
    }),
    ...['2026-01', '2026-02', '2026-03'].map(selfPaid),
    deduction('2026-02', '2026-03-20'),
    deduction('2026-03', '2026-04-20'),
    event('pension.application.submitted', '2026-03-02T10:00:00+05:00', {
      caseId: 'OB-1',
      iin: people.aigerim.iin,
      treatment: 'joint_replacement',
      amountTiyn: 250_000_000,
      submittedOn: '2026-03-02',
    }),
    event('pension.funds.credited', '2026-03-20T10:00:00+05:00', {
      caseId: 'OB-1',
      creditedOn: '2026-03-20',
      amountTiyn: 250_000_000,
    }),
  ];
}

/** Events that arrive while the clock runs, at their local time (+05:00). */
export function upcomingEvents(): [string, UpstreamEvent][] {
  return [
    [
      '2026-05-26T11:00',
      event('osms.payment', '2026-05-26T11:00:00+05:00', {
        iin: people.bolat.iin,
        period: '2026-04',
        kind: 'deduction',
        payerType: 'employer',
        amountTiyn: 1_050_000,
        paidOn: '2026-05-26',
        status: 'rejected',
        rejectReason: 'name does not match the IIN',
      }),
    ],
    [
      '2026-06-10T15:00',
      event('dkk.conclusion.issued', '2026-06-10T15:00:00+05:00', {
        conclusionId: 'DKK-2-STAGE2',
        caseId: 'OB-2',
        iin: people.dana.iin,
        sessionDate: '2026-06-09',
        enteredAt: '2026-06-10T14:30:00+05:00',
        medicalOrgBin: '990340001234',
        stage: 2,
      }),
    ],
    [
      '2026-06-15T12:00',
      event('pension.documents.submitted', '2026-06-15T12:00:00+05:00', {
        caseId: 'OB-2',
        stage: 2,
        submittedOn: '2026-06-15',
        transferKind: 'domestic',
      }),
    ],
    [
      '2026-06-18T16:00',
      event('pension.transfer.completed', '2026-06-18T16:00:00+05:00', {
        caseId: 'OB-2',
        stage: 2,
        transferredOn: '2026-06-18',
        amountTiyn: 90_000_000,
      }),
    ],
  ];
}

/** A citizen opening a screen of the bot: when (local time), who, which command, and why it matters then. */
export interface ScreenMoment {
  at: string;
  person: DemoPerson;
  command: '/status' | '/payments' | '/case';
  why: string;
}

export const SCREEN_MOMENTS: readonly ScreenMoment[] = [
  { at: '2026-05-25T09:05', person: people.aigerim, command: '/status', why: 'insured, paid through March' },
  { at: '2026-05-25T09:06', person: people.aigerim, command: '/case', why: 'the 45-working-day countdown' },
  { at: '2026-05-26T11:05', person: people.bolat, command: '/payments', why: 'the rejected April deduction' },
  { at: '2026-06-02T09:00', person: people.aigerim, command: '/case', why: 'the deadline day itself' },
  { at: '2026-06-03T12:30', person: people.aigerim, command: '/case', why: 'after the deadline passed' },
  { at: '2026-06-18T16:30', person: people.bolat, command: '/case', why: 'stage 2 paid to the clinic' },
  { at: '2026-07-01T11:00', person: people.aigerim, command: '/status', why: 'coverage has ended' },
];
