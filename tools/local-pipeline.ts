import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSRecord } from 'aws-lambda';
import { createIngestRecordHandler } from '../functions/ingest/record-handler';
import { createDueHandler } from '../functions/notify/due';
import { createPlanner } from '../functions/notify/planner';
import { createSender } from '../functions/notify/sender';
import { DynamoChatStore } from '../shared/adapters/dynamodb/chat-store';
import { DynamoFactStore } from '../shared/adapters/dynamodb/fact-store';
import {
  DynamoNotificationLedger,
  DynamoOutboxMarkers,
  DynamoScheduleBook,
} from '../shared/adapters/dynamodb/work-store';
import type { Identity } from '../shared/adapters/identity';
import type { ChangeSink, DeadLetter, DeadLetterSink, Telemetry } from '../shared/adapters/ports';
import type { OneTimeSchedule, Scheduler } from '../shared/adapters/scheduler/scheduler';
import { TableScheduler } from '../shared/adapters/scheduler/table-scheduler';
import type { NotificationLedger } from '../shared/adapters/store/work';
import { grammyTelegramSender } from '../shared/adapters/telegram';
import type { DueWork, NotificationMessage } from '../shared/contracts/internal';
import type { WorkingCalendar } from '../shared/domain/calendar/working-calendar';
import type { FactChange } from '../shared/domain/changes';
import type { Instant } from '../shared/domain/dates';
import type { ReturnToFundDueEvent, UpstreamEvent } from '../shared/domain/events';

/** An SQS-like queue in memory: messages stay until a delivery succeeds; failures are counted per message. */
export class LocalQueue {
  readonly messages: { id: string; body: string; receives: number; visibleAt?: number }[] = [];
  /** After a failed delivery a message stays invisible this long (simulated time); 0 redelivers at once. */
  visibilityMs = 0;
  /** The clock visibility is measured on (the pipeline's). */
  clock: () => number = () => 0;
  readonly deadLetters: { body: string; reason: string }[] = [];
  /** Batches handed over, those that failed in part (some records, not all), and failed records. */
  readonly stats = { batches: 0, partialBatches: 0, failedRecords: 0 };
  #next = 0;

  constructor(
    readonly name: string,
    public maxReceiveCount = 5,
  ) {}

  send(body: string): void {
    this.#next += 1;
    this.messages.push({ id: `${this.name}-${this.#next}`, body, receives: 0 });
  }

  get arn(): string {
    return `arn:aws:sqs:local:000000000000:${this.name}`;
  }

  /** Hands up to `batchSize` messages to a partial-batch handler; failed ones stay (and move to the DLQ after N). */
  async deliver(
    handle: (records: SQSRecord[]) => Promise<{ batchItemFailures: { itemIdentifier: string }[] }>,
    batchSize = 10,
  ) {
    const now = this.clock();
    const batch: LocalQueue['messages'] = [];
    for (let i = 0; i < this.messages.length && batch.length < batchSize; ) {
      const message = this.messages[i];
      if (message && (message.visibleAt ?? 0) <= now) batch.push(...this.messages.splice(i, 1));
      else i += 1;
    }
    if (batch.length === 0) return 0;
    for (const message of batch) message.receives += 1;
    const records = batch.map((message) => sqsRecordOf(message, this.arn));
    const { batchItemFailures } = await handle(records);
    const failed = new Set(batchItemFailures.map((failure) => failure.itemIdentifier));
    this.stats.batches += 1;
    this.stats.failedRecords += failed.size;
    if (failed.size > 0 && failed.size < batch.length) this.stats.partialBatches += 1;
    for (const message of batch.filter((m) => failed.has(m.id))) {
      if (message.receives >= this.maxReceiveCount)
        this.deadLetters.push({ body: message.body, reason: 'maxReceiveCount' });
      else {
        message.visibleAt = now + this.visibilityMs;
        this.messages.push(message);
      }
    }
    return batch.length;
  }
}

function sqsRecordOf(message: { id: string; body: string; receives: number }, arn: string): SQSRecord {
  return {
    messageId: message.id,
    receiptHandle: message.id,
    body: message.body,
    attributes: {
      ApproximateReceiveCount: String(message.receives),
      SentTimestamp: '0',
      SenderId: 'local',
      ApproximateFirstReceiveTimestamp: '0',
    },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: arn,
    awsRegion: 'local',
  };
}

export interface LocalPipelineOptions {
  documents: DynamoDBDocumentClient;
  tableName: string;
  identity: Identity;
  calendar: WorkingCalendar;
  telegram: {
    token: string;
    apiRoot: string;
    throttle?: boolean;
    timeoutSeconds?: number;
    maxRetryDelaySeconds?: number;
  };
  telemetry: Telemetry;
  start: Instant;
  /** Sees what happens, for the demo's narration and the local stack's output. */
  observer?: PipelineObserver;
  /**
   * Fault injection (test/reliability): called at each named step between a write and its side effect; throwing there
   * is a crash of the handler at that point, and the queue redelivers the message.
   */
  crash?: (step: string) => void;
}

export interface PipelineObserver {
  scheduleFired?(schedule: OneTimeSchedule, at: Instant): void;
  notificationQueued?(notification: NotificationMessage, at: Instant): void;
  /** A notification reached Telegram (once per id; duplicates never get here). */
  notificationDelivered?(notificationId: string, at: Instant): void;
  returnOrdered?(event: ReturnToFundDueEvent): void;
}

/**
 * The cloud's functions wired to local queues, the table scheduler and a movable clock: events in, schedules fired
 * in time order, messages out to a Bot API. The end-to-end tests and the local stack run exactly the handlers the
 * Lambdas run; only the transports are local.
 */
export class LocalPipeline {
  now: Instant;
  readonly queues = {
    ingest: new LocalQueue('ingest'),
    changes: new LocalQueue('changes'),
    due: new LocalQueue('due'),
    notify: new LocalQueue('notify'),
  };
  readonly outbound: ReturnToFundDueEvent[] = [];
  readonly scheduler: TableScheduler;
  readonly chats: DynamoChatStore;
  readonly facts: DynamoFactStore;
  readonly #handlers: Record<keyof LocalPipeline['queues'], (record: SQSRecord) => Promise<void>>;
  readonly #observer: PipelineObserver;
  readonly #processor = new BatchProcessor(EventType.SQS);

  constructor(options: LocalPipelineOptions) {
    const { documents, tableName, telemetry, calendar } = options;
    this.now = options.start;
    this.#observer = options.observer ?? {};
    for (const queue of Object.values(this.queues)) queue.clock = () => this.now;
    const clock = { now: () => this.now };
    this.scheduler = new TableScheduler(documents, tableName);
    this.chats = new DynamoChatStore(documents, tableName);
    this.facts = new DynamoFactStore(documents, tableName);
    const deadLetters: DeadLetterSink = {
      send: async (letter: DeadLetter) => {
        const queue = Object.values(this.queues).find((q) => q.arn === letter.record.eventSourceARN);
        queue?.deadLetters.push({ body: letter.record.body, reason: letter.reason });
      },
    };
    const changes: ChangeSink = {
      publish: async (list: readonly FactChange[]) => {
        options.crash?.('changes.publish');
        for (const change of list) this.queues.changes.send(JSON.stringify({ schemaVersion: 1, change }));
      },
    };
    const due = {
      enqueue: async (work: readonly DueWork[]) => {
        options.crash?.('due.enqueue');
        for (const w of work) this.queues.due.send(JSON.stringify({ schemaVersion: 1, due: w }));
      },
    };
    const notify = {
      enqueue: async (list: readonly NotificationMessage[]) => {
        options.crash?.('notify.enqueue');
        for (const n of list) {
          this.#observer.notificationQueued?.(n, this.now);
          this.queues.notify.send(JSON.stringify({ schemaVersion: 1, notification: n }));
        }
      },
    };
    const step = (name: string) => options.crash?.(name);
    const book = new DynamoScheduleBook(documents, tableName);
    const scheduler: Scheduler = {
      put: async (schedule) => {
        step('scheduler.put');
        await this.scheduler.put(schedule);
      },
      delete: (name) => this.scheduler.delete(name),
    };
    const shared = {
      facts: this.facts,
      chats: this.chats,
      book: Object.assign(Object.create(book) as DynamoScheduleBook, {
        put: async (record: Parameters<DynamoScheduleBook['put']>[0]) => {
          step('book.put');
          await book.put(record);
        },
        markFired: async (caseId: string, key: string, at: Instant) => {
          step('book.markFired');
          await book.markFired(caseId, key, at);
        },
      }),
      scheduler,
      due,
      notify,
      clock,
      calendar,
    };
    this.#handlers = {
      ingest: createIngestRecordHandler({
        store: this.facts,
        identity: options.identity,
        changes,
        deadLetters,
        clock,
        calendar,
        telemetry,
      }),
      changes: createPlanner({ ...shared, deadLetters, telemetry }),
      due: createDueHandler({
        ...shared,
        deadLetters,
        telemetry,
        outbound: {
          // Like the FIFO queue it stands for: a resend with the same event id is dropped.
          returnToFundDue: async (event) => {
            step('outbound.send');
            if (this.outbound.some((sent) => sent.eventId === event.eventId)) return;
            this.outbound.push(event);
            this.#observer.returnOrdered?.(event);
          },
        },
        outbox: ((markers) => ({
          begin: (key: string) => markers.begin(key),
          confirm: async (key: string) => {
            step('outbox.confirm');
            await markers.confirm(key);
          },
        }))(new DynamoOutboxMarkers(documents, tableName, clock.now)),
        outboundSource: 'osms-bot.notify',
      }),
      notify: createSender({
        chats: this.chats,
        ledger: this.#observedLedger(new DynamoNotificationLedger(documents, tableName, clock.now), step),
        telegram: grammyTelegramSender({ maxRetryDelaySeconds: 5, ...options.telegram }),
        scheduler,
        deadLetters,
        clock,
        telemetry,
      }),
    };
  }

  #observedLedger(ledger: NotificationLedger, step: (name: string) => void): NotificationLedger {
    return {
      claim: (id, meta) => {
        step('ledger.claim');
        return ledger.claim(id, meta);
      },
      status: (id) => ledger.status(id),
      forgetChat: (chatId) => ledger.forgetChat(chatId),
      ofChat: (chatId) => ledger.ofChat(chatId),
      settle: async (id, outcome, detail) => {
        step('ledger.settle');
        await ledger.settle(id, outcome, detail);
        if (outcome === 'sent') this.#observer.notificationDelivered?.(id, this.now);
      },
    };
  }

  /** The record handler behind a queue, for a caller that delivers by hand (the benchmark times one of them). */
  handlerFor(queue: keyof LocalPipeline['queues']): (record: SQSRecord) => Promise<void> {
    return this.#handlers[queue];
  }

  ingest(events: readonly (UpstreamEvent | string)[]): void {
    for (const event of events) this.queues.ingest.send(typeof event === 'string' ? event : JSON.stringify(event));
  }

  /** Delivers every queue until all are empty (or only failing messages remain after their retries). */
  async drain(): Promise<void> {
    const context = { functionName: 'local' } as Context;
    for (let rounds = 0; rounds < 1_000_000; rounds++) {
      let moved = 0;
      for (const [name, queue] of Object.entries(this.queues) as [keyof LocalPipeline['queues'], LocalQueue][]) {
        moved += await queue.deliver((records) =>
          processPartialResponse({ Records: records }, this.#handlers[name], this.#processor, {
            context,
            throwOnFullBatchFailure: false,
          }),
        );
      }
      if (moved === 0) return;
    }
  }

  /** Delivers a fired schedule to its target queue, as EventBridge Scheduler would. */
  #fire(schedule: OneTimeSchedule): void {
    this.#observer.scheduleFired?.(schedule, this.now);
    const queue = schedule.target === 'due' ? this.queues.due : this.queues.notify;
    queue.send(JSON.stringify(schedule.payload));
  }

  /** Moves the clock forward to `until`, firing every schedule in time order on the way and draining after each. */
  async advanceTo(until: Instant): Promise<void> {
    await this.drain();
    for (;;) {
      const [next] = await this.scheduler.due(until);
      if (!next) break;
      this.now = Math.max(this.now, next.at);
      await this.scheduler.fireDue(this.now, async (schedule) => this.#fire(schedule));
      await this.drain();
    }
    this.now = Math.max(this.now, until);
    await this.drain();
  }

  /** Runs a daily sweep now, as the recurring schedule would. */
  async sweep(kind: 'coverage_sweep' | 'reconciliation_sweep'): Promise<void> {
    this.queues.due.send(JSON.stringify({ schemaVersion: 1, due: { kind } }));
    await this.drain();
  }
}
