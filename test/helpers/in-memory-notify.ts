import type { SQSRecord } from 'aws-lambda';
import { createIngestRecordHandler } from '../../functions/ingest/record-handler';
import { createDueHandler } from '../../functions/notify/due';
import { createPlanner } from '../../functions/notify/planner';
import { createSender } from '../../functions/notify/sender';
import type { ChatRecord } from '../../shared/app/ports/chat-store';
import {
  type DueWork,
  encodeChangeMessage,
  encodeDueMessage,
  encodeNotificationMessage,
  type NotificationMessage,
} from '../../shared/contracts/internal';
import { encodeSweepMessage } from '../../shared/contracts/sweep';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import type { Instant } from '../../shared/domain/dates';
import type { UpstreamEvent } from '../../shared/domain/events';
import { testIdentity } from './identity';
import { InMemoryFactStore } from './in-memory-fact-store';
import {
  InMemoryChangeSink,
  InMemoryDueQueue,
  InMemoryNotifyQueue,
  InMemoryOutboundQueue,
  InMemoryScheduler,
  InMemorySweepQueue,
  InMemoryTelegram,
} from './in-memory-sinks';
import {
  InMemoryChatStore,
  InMemoryNotificationLedger,
  InMemoryOutboxMarkers,
  InMemoryScheduleBook,
} from './in-memory-stores';
import { queueOfTestArn, RecordingDeadLetters, RecordingTelemetry, sqsRecord } from './sqs';

/**
 * The notify capability on in-memory ports, with the real ingest in front and the real planner, due handler and
 * sender behind their queues: unit tests drive it by hand (ingest, deliver, move the clock) in milliseconds.
 */
export class InMemoryNotify {
  now: Instant;
  readonly clock = { now: () => this.now };
  readonly calendar = kazakhstanCalendar();
  readonly facts = new InMemoryFactStore();
  readonly chats = new InMemoryChatStore();
  readonly book = new InMemoryScheduleBook();
  readonly scheduler = new InMemoryScheduler();
  readonly changes = new InMemoryChangeSink();
  readonly due = new InMemoryDueQueue();
  readonly sweeps = new InMemorySweepQueue();
  readonly notify = new InMemoryNotifyQueue();
  readonly outbound = new InMemoryOutboundQueue();
  readonly outbox = new InMemoryOutboxMarkers();
  readonly ledger = new InMemoryNotificationLedger(this.chats);
  readonly telegram = new InMemoryTelegram();
  readonly deadLetters = new RecordingDeadLetters();
  readonly telemetry = new RecordingTelemetry();

  readonly ingestRecord = createIngestRecordHandler({
    store: this.facts,
    identity: testIdentity,
    changes: this.changes,
    deadLetters: this.deadLetters,
    clock: this.clock,
    calendar: this.calendar,
    telemetry: this.telemetry,
    queueOf: queueOfTestArn,
  });
  readonly #ports = {
    facts: this.facts,
    chats: this.chats,
    book: this.book,
    scheduler: this.scheduler,
    due: this.due,
    notify: this.notify,
    outbox: this.outbox,
    clock: this.clock,
    calendar: this.calendar,
    deadLetters: this.deadLetters,
    telemetry: this.telemetry,
  };
  readonly planner = createPlanner(this.#ports);
  readonly dueHandler = createDueHandler({
    ...this.#ports,
    sweeps: this.sweeps,
    outbound: this.outbound,
    outboundSource: 'osms-bot.notify',
  });
  readonly sender = createSender({ ...this.#ports, ledger: this.ledger, telegram: this.telegram });

  constructor(start: Instant) {
    this.now = start;
  }

  /** Links a chat to a citizen, as the bot does after a successful link. */
  async link(chatId: number, iin: string, options: Partial<ChatRecord> = {}): Promise<void> {
    await this.chats.putChat({
      chatId,
      language: 'kk',
      citizenKey: testIdentity.citizenKey(iin),
      iinMasked: testIdentity.maskIin(iin),
      active: true,
      reminders: { pension: true, coverage: true },
      ...options,
    });
  }

  /** Events through the real ingest, then their changes through the planner, then everything queued. */
  async ingest(...events: UpstreamEvent[]): Promise<void> {
    for (const event of events) await this.ingestRecord(sqsRecord(JSON.stringify(event)));
    await this.settle();
  }

  /** Delivers the changes, due and notify queues until all are empty. */
  async settle(): Promise<void> {
    for (;;) {
      const changes = this.changes.published.splice(0);
      for (const change of changes) await this.planner(record(encodeChangeMessage(change)));
      const work = this.due.take();
      for (const item of work) await this.dueHandler(record(encodeDueMessage(item)));
      const parts = this.sweeps.take();
      for (const part of parts) await this.dueHandler(record(encodeSweepMessage(part)));
      const notifications = this.notify.take();
      for (const n of notifications) await this.sender(record(encodeNotificationMessage(n)));
      if (changes.length + work.length + parts.length + notifications.length === 0) return;
    }
  }

  /** One piece of due work, as a fired schedule or the bot's hook would queue it. */
  async runDue(work: DueWork): Promise<void> {
    await this.due.enqueue([work]);
    await this.settle();
  }

  /** Moves the clock to `until`, firing the schedules in time order on the way (EventBridge Scheduler in the cloud). */
  async advanceTo(until: Instant): Promise<void> {
    await this.settle();
    for (;;) {
      const next = [...this.scheduler.schedules.values()]
        .filter((schedule) => schedule.at <= until)
        .sort((a, b) => a.at - b.at)[0];
      if (!next) break;
      this.now = Math.max(this.now, next.at);
      this.scheduler.schedules.delete(next.name);
      await (next.target === 'due' ? this.dueHandler : this.sender)(record(next.body));
      await this.settle();
    }
    this.now = Math.max(this.now, until);
    await this.settle();
  }

  /** The notifications delivered to a chat, by kind, in order. */
  kindsSentTo(chatId: number): string[] {
    return [...this.ledger.items.values()]
      .filter((item) => item.chatId === chatId && item.status === 'sent')
      .map((item) => item.kind);
  }

  /** A notification message the sender would receive, for a test that drives the sender alone. */
  static notificationRecord(notification: NotificationMessage): SQSRecord {
    return record(encodeNotificationMessage(notification));
  }
}

function record(body: string): SQSRecord {
  return sqsRecord(body, { eventSourceARN: 'arn:aws:sqs:local:000000000000:notify-internal' });
}
