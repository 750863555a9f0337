import { LOCAL_IDENTITY_SECRET } from '../ops/local-state';
import { HmacIdentity } from '../shared/adapters/identity';
import type { Telemetry } from '../shared/app/ports';
import type { NotificationMessage } from '../shared/contracts/internal';
import { PRODUCER_TABLE } from '../shared/contracts/producers';
import { kazakhstanCalendar } from '../shared/domain/calendar/published-years';
import { addDays, formatKazakhstanInstant, kazakhstanInstant } from '../shared/domain/dates';
import type { UpstreamEvent } from '../shared/domain/events';
import { isNotificationKind, notificationText } from '../shared/messages/notification-text';
import { createTestTable } from '../test/helpers/dynamodb';
import { startDynamoDbLocal } from './dynamodb-local';
import { FakeTelegram } from './fake-telegram';
import { LocalPipeline } from './local-pipeline';

/**
 * `npm run demo`: a realistic scenario on the real handlers (DynamoDB Local, the table scheduler, the fake Bot API),
 * the clock run forward day by day from 25 May to 2 July 2026, and everything narrated as it happens: events,
 * schedules firing, orders to the operator, and every message in Kazakh with the Russian alongside.
 */
const quiet: Telemetry = { info() {}, warn() {}, error() {}, count() {} };
const people = {
  aigerim: { iin: '850415300121', phone: '+77015550123', chatId: 1001, language: 'kk' as const, name: 'Айгерім' },
  bolat: { iin: '900102400138', phone: '+77025550456', chatId: 1002, language: 'ru' as const, name: 'Болат' },
  dana: { iin: '150603500145', name: 'Дана (patient)' },
};
const nameOfChat = new Map([
  [people.aigerim.chatId, people.aigerim.name],
  [people.bolat.chatId, people.bolat.name],
]);

let sequence = 0;
/** One upstream event; `data` is checked against the schema of `type`. */
function sourceOf(type: UpstreamEvent['type']): string {
  const allowed = Object.values(PRODUCER_TABLE)
    .flat()
    .find((entry) => entry.types.includes(type));
  if (!allowed) throw new Error(`no producer sends ${type}`);
  return allowed.source;
}

function event<T extends UpstreamEvent['type']>(
  type: T,
  occurredAt: string,
  data: Extract<UpstreamEvent, { type: T }>['data'],
): UpstreamEvent {
  sequence += 1;
  return {
    eventId: `demo-${sequence}`,
    type,
    occurredAt,
    // The producer's own source, so the event passes the producer check of its queue as a real one would.
    source: sourceOf(type),
    schemaVersion: 1,
    data,
  } as Extract<UpstreamEvent, { type: T }>;
}

const say = (at: number, text: string) =>
  process.stdout.write(`[${formatKazakhstanInstant(at).slice(0, 16).replace('T', ' ')}] ${text}\n`);
const indent = (text: string) => text.replace(/\n/g, '\n      ');

const queued = new Map<string, NotificationMessage>();
const engine = await startDynamoDbLocal();
const telegram = await FakeTelegram.start({ limits: { enforce: false } });
try {
  const table = await createTestTable(engine.endpoint);
  const identity = new HmacIdentity(LOCAL_IDENTITY_SECRET);
  const pipeline = new LocalPipeline({
    documents: table.documents,
    tableName: table.tableName,
    identity,
    calendar: kazakhstanCalendar(),
    telegram: { token: telegram.token, apiRoot: telegram.apiRoot, throttle: false },
    telemetry: quiet,
    start: kazakhstanInstant('2026-05-25', 9, 0),
    observer: {
      scheduleFired: (schedule, at) => {
        const kind = schedule.name.startsWith('deliver-')
          ? 'delivery after quiet hours'
          : schedule.name.replace(/^case-[0-9a-f]+-/, '');
        say(at, `⏰ schedule fired: ${kind}`);
      },
      // Printed when delivered: a notification queued twice (two changes, a redelivery) reaches the citizen once.
      notificationQueued: (n) => void queued.set(n.id, n),
      notificationDelivered: (id, at) => {
        const n = queued.get(id);
        if (!n || !isNotificationKind(n.kind)) return;
        say(at, `✉️  to ${nameOfChat.get(n.chatId) ?? String(n.chatId)} — ${n.kind}`);
        process.stdout.write(`      kk: ${indent(notificationText('kk', n.kind, n.params))}\n`);
        process.stdout.write(`      ru: ${indent(notificationText('ru', n.kind, n.params))}\n`);
      },
      returnOrdered: (e) =>
        say(
          Date.parse(e.occurredAt),
          `🏦 to the operator: ${e.type} for ${e.data.caseId} (deadline ${e.data.deadline})`,
        ),
    },
  });

  process.stdout.write('Scenario\n');
  process.stdout.write(
    '  Айгерім (Kazakh chat): last contribution for March 2026 → coverage ends 30 June; pension case OB-1\n',
  );
  process.stdout.write(
    '          credited 20 March → documents due 2 June (45 working days, Nauryz and May holidays skipped).\n',
  );
  process.stdout.write(
    '  Болат (Russian chat): two-stage dental implants for his daughter Дана, case OB-2, stage 1 paid.\n',
  );
  process.stdout.write(
    '  Дана: a contribution the State Corporation rejected (wrong name) — it counts for nothing.\n\n',
  );

  for (const person of [people.aigerim, people.bolat]) {
    await pipeline.chats.putChat({
      chatId: person.chatId,
      language: person.language,
      citizenKey: identity.citizenKey(person.iin),
      iinMasked: identity.maskIin(person.iin),
      active: true,
      reminders: { pension: true, coverage: true },
    });
  }
  const history: UpstreamEvent[] = [
    ...['2026-01', '2026-02', '2026-03'].map((period) =>
      event('osms.payment', '2026-04-20T10:00:00+05:00', {
        iin: people.aigerim.iin,
        period,
        kind: 'contribution',
        payerType: 'self_paid',
        amountTiyn: 425_000,
        paidOn: '2026-04-20',
        status: 'accepted',
      }),
    ),
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
  ];
  say(pipeline.now, `📥 ${history.length} earlier events loaded (contributions, both cases so far)`);
  pipeline.ingest(history);
  await pipeline.drain();
  process.stdout.write('\n');

  const upcoming: [string, UpstreamEvent][] = [
    [
      '2026-05-26T11:00',
      event('osms.payment', '2026-05-26T11:00:00+05:00', {
        iin: people.dana.iin,
        period: '2026-04',
        kind: 'contribution',
        payerType: 'self_paid',
        amountTiyn: 425_000,
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

  for (let day = '2026-05-25'; day <= '2026-07-02'; day = addDays(day, 1)) {
    for (const [local, next] of upcoming.filter(([when]) => when.startsWith(day))) {
      await pipeline.advanceTo(Date.parse(`${local}:00+05:00`));
      const about =
        'caseId' in next.data
          ? ` (${next.data.caseId})`
          : next.type === 'osms.payment'
            ? ` (${next.data.status}: ${next.data.status === 'rejected' ? 'counts for nothing' : 'counts'})`
            : '';
      say(pipeline.now, `📥 event ${next.type}${about}`);
      pipeline.ingest([next]);
      await pipeline.drain();
    }
    await pipeline.advanceTo(kazakhstanInstant(day, 6, 0));
    await pipeline.sweep('reconciliation_sweep');
    await pipeline.advanceTo(kazakhstanInstant(day, 10, 0));
    await pipeline.sweep('coverage_sweep');
    await pipeline.advanceTo(kazakhstanInstant(day, 23, 59));
  }
  process.stdout.write(
    `\nDone: ${telegram.messages.length} messages delivered to Telegram, ${pipeline.outbound.length} return order(s) to the operator, ` +
      `${Object.values(pipeline.queues).reduce((n, q) => n + q.deadLetters.length, 0)} dead letters.\n`,
  );
} finally {
  await telegram.stop();
  await engine.stop();
}
