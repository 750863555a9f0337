import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, SQSRecord } from 'aws-lambda';
import { createIngestRecordHandler } from '../functions/ingest/record-handler';
import { createDueHandler } from '../functions/notify/due';
import { createPlanner } from '../functions/notify/planner';
import { createSender } from '../functions/notify/sender';
import { DynamoChatStore } from '../shared/adapters/dynamodb/chat-store';
import { DynamoFactStore } from '../shared/adapters/dynamodb/fact-store';
import { DynamoNotificationLedger } from '../shared/adapters/dynamodb/notification-ledger';
import { DynamoOutboxMarkers } from '../shared/adapters/dynamodb/outbox-markers';
import { DynamoScheduleBook } from '../shared/adapters/dynamodb/schedule-book';
import type { Identity } from '../shared/adapters/identity';
import { dueQueueChatReturns } from '../shared/adapters/queues';
import { TableScheduler } from '../shared/adapters/scheduler/table-scheduler';
import { grammyTelegramSender } from '../shared/adapters/telegram';
import type {
  ChangeSink,
  ChatReturnSignal,
  DeadLetterSink,
  DueQueue,
  NotificationLedger,
  NotifyQueue,
  OneTimeSchedule,
  OutboxMarkers,
  ScheduleBook,
  Scheduler,
  SweepQueue,
  Telemetry,
} from '../shared/app/ports';
import {
  encodeChangeMessage,
  encodeDueMessage,
  encodeNotificationMessage,
  type NotificationMessage,
} from '../shared/contracts/internal';
import type { OutboundEvent, ReturnToFundDue } from '../shared/contracts/outbound';
import type { UpstreamQueueName } from '../shared/contracts/producers';
import { encodeSweepMessage } from '../shared/contracts/sweep';
import type { WorkingCalendar } from '../shared/domain/calendar/working-calendar';
import type { Instant } from '../shared/domain/dates';
import type { UpstreamEvent } from '../shared/domain/events';
import { LOCAL_UPSTREAM_ARNS, LocalQueue, localUpstreamQueue, upstreamQueueOf } from './local-queue';

export { LOCAL_UPSTREAM_ARNS, LocalQueue, upstreamQueueOf } from './local-queue';

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
  /** Anything sent to the operator's queue: a return order or its withdrawal (once per event id). */
  outboundSent?(event: OutboundEvent): void;
  /** @deprecated Use {@link outboundSent}; called for return orders only, until the local stack and demo move. */
  returnOrdered?(event: ReturnToFundDue): void;
}

/** One port wrapped so that a crash can be injected before (or after) the calls named in `steps`. */
function withSteps<T extends object>(port: T, step: (name: string) => void, steps: Partial<Record<keyof T, string>>) {
  return new Proxy(port, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      const name = steps[property as keyof T];
      if (typeof value !== 'function' || name === undefined)
        return typeof value === 'function' ? value.bind(target) : value;
      return async (...args: unknown[]) => {
        step(name);
        return value.apply(target, args);
      };
    },
  });
}

/**
 * The cloud's functions wired to local queues, the table scheduler and a movable clock: events in, schedules fired
 * in time order, messages out to a Bot API. The end-to-end tests and the local stack run exactly the handlers the
 * Lambdas run; only the transports are local.
 */
export class LocalPipeline {
  now: Instant;
  readonly queues = {
    /** The three upstream queues (payments, pension, dkk) in one: each message keeps the ARN of the one it came on. */
    ingest: new LocalQueue('ingest').standsFor(...Object.values(LOCAL_UPSTREAM_ARNS)),
    changes: new LocalQueue('changes'),
    due: new LocalQueue('due'),
    notify: new LocalQueue('notify'),
  };
  readonly outbound: OutboundEvent[] = [];
  readonly scheduler: TableScheduler;
  readonly chats: DynamoChatStore;
  readonly facts: DynamoFactStore;
  /** The bot's hook for a chat that came back (issue 12 item 4): due work on the local due queue. */
  readonly chatReturns: ChatReturnSignal;
  readonly #handlers: Record<keyof LocalPipeline['queues'], (record: SQSRecord) => Promise<void>>;
  readonly #observer: PipelineObserver;
  readonly #processor = new BatchProcessor(EventType.SQS);

  constructor(options: LocalPipelineOptions) {
    const { documents, tableName, telemetry, calendar } = options;
    this.now = options.start;
    this.#observer = options.observer ?? {};
    for (const queue of Object.values(this.queues)) queue.clock = () => this.now;
    const clock = { now: () => this.now };
    const step = (name: string) => options.crash?.(name);
    this.scheduler = new TableScheduler(documents, tableName);
    this.chats = new DynamoChatStore(documents, tableName);
    this.facts = new DynamoFactStore(documents, tableName);
    const { deadLetters, changes, due, notify, sweeps } = this.#transports(step);
    this.chatReturns = dueQueueChatReturns(due);
    const scheduler: Scheduler = withSteps<Scheduler>(this.scheduler, step, { put: 'scheduler.put' });
    const book = withSteps<ScheduleBook>(new DynamoScheduleBook(documents, tableName), step, {
      put: 'book.put',
      markFired: 'book.markFired',
    });
    const outbox = withSteps<OutboxMarkers>(new DynamoOutboxMarkers(documents, tableName, clock.now), step, {
      confirm: 'outbox.confirm',
    });
    const shared = { facts: this.facts, chats: this.chats, book, outbox, scheduler, due, notify, clock, calendar };
    this.#handlers = {
      ingest: createIngestRecordHandler({
        store: this.facts,
        identity: options.identity,
        changes,
        deadLetters,
        clock,
        calendar,
        telemetry,
        queueOf: localUpstreamQueue,
      }),
      changes: createPlanner({ ...shared, deadLetters, telemetry }),
      due: createDueHandler({
        ...shared,
        sweeps,
        deadLetters,
        telemetry,
        outbound: { send: async (event) => this.#sendOutbound(event, step) },
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

  /** The ports onto the local queues: what a handler sends lands on the queue the next `drain` delivers. */
  #transports(step: (name: string) => void) {
    const deadLetters: DeadLetterSink = {
      send: async (letter) => {
        const queue = Object.values(this.queues).find((q) => q.owns(letter.record.eventSourceARN));
        queue?.deadLetters.push({ body: letter.record.body, reason: letter.reason });
      },
    };
    const changes: ChangeSink = {
      publish: async (list) => {
        step('changes.publish');
        for (const change of list) this.queues.changes.send(encodeChangeMessage(change));
      },
    };
    const due: DueQueue = {
      enqueue: async (work) => {
        step('due.enqueue');
        for (const w of work) this.queues.due.send(encodeDueMessage(w));
      },
    };
    const notify: NotifyQueue = {
      enqueue: async (list) => {
        step('notify.enqueue');
        for (const n of list) {
          this.#observer.notificationQueued?.(n, this.now);
          this.queues.notify.send(encodeNotificationMessage(n));
        }
      },
    };
    // The sweeps' parts ride the due queue, as in the cloud (functions/notify/due-handler.ts).
    const sweeps: SweepQueue = {
      enqueue: async (parts) => {
        step('sweeps.enqueue');
        for (const part of parts) this.queues.due.send(encodeSweepMessage(part));
      },
    };
    return { deadLetters, changes, due, notify, sweeps };
  }

  /** Like the FIFO queue it stands for: a resend with the same event id is dropped. */
  #sendOutbound(event: OutboundEvent, step: (name: string) => void): void {
    step('outbound.send');
    if (this.outbound.some((sent) => sent.eventId === event.eventId)) return;
    this.outbound.push(event);
    this.#observer.outboundSent?.(event);
    if (event.type === 'pension.return_to_fund.due') this.#observer.returnOrdered?.(event);
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

  /**
   * Upstream events in, each on the queue its producer sends it on (or the one named): a pair that does not belong
   * to that queue is dead-lettered by the ingest, as in the cloud.
   */
  ingest(events: readonly (UpstreamEvent | string)[], queue?: UpstreamQueueName): void {
    for (const event of events) {
      const body = typeof event === 'string' ? event : JSON.stringify(event);
      this.queues.ingest.send(body, LOCAL_UPSTREAM_ARNS[queue ?? upstreamQueueOf(body)]);
    }
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
    queue.send(schedule.body);
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

  /** Runs a daily sweep now, as the recurring schedule would (its input made by the same encoder). */
  async sweep(kind: 'coverage_sweep' | 'reconciliation_sweep'): Promise<void> {
    this.queues.due.send(encodeDueMessage({ kind }));
    await this.drain();
  }
}
