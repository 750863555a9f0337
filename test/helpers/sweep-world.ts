import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import { createDueHandler } from '../../functions/notify/due';
import { createPlanner } from '../../functions/notify/planner';
import { chatItem, DynamoChatStore } from '../../shared/adapters/dynamodb/chat-store';
import { DynamoFactStore } from '../../shared/adapters/dynamodb/fact-store';
import { DynamoOutboxMarkers } from '../../shared/adapters/dynamodb/outbox-markers';
import { DynamoScheduleBook } from '../../shared/adapters/dynamodb/schedule-book';
import { changesOfFact } from '../../shared/app/changes-of-fact';
import { toFactRecord } from '../../shared/app/fact-record';
import type { NotifyQueue } from '../../shared/app/ports';
import type { ChatRecord } from '../../shared/app/ports/chat-store';
import { encodeChangeMessage, encodeDueMessage, type NotificationMessage } from '../../shared/contracts/internal';
import { encodeSweepMessage, type SweepPart } from '../../shared/contracts/sweep';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import type { Instant } from '../../shared/domain/dates';
import type { UpstreamEvent } from '../../shared/domain/events';
import { createTestTable, type TestTable } from './dynamodb';
import { testIdentity } from './identity';
import { InMemoryDueQueue, InMemoryNotifyQueue, InMemoryScheduler, InMemorySweepQueue } from './in-memory-sinks';
import { RecordingDeadLetters, RecordingTelemetry, sqsRecord } from './sqs';

/** The chats the sweep's index queries returned (`byList` `LINKED#…`), counted by a middleware on the client. */
export interface IndexReads {
  queries: number;
  chatItems: number;
}

/** A part failed on purpose (a fault the test injects); SQS would deliver that message again. */
export class InjectedFaultError extends Error {
  constructor() {
    super('injected fault');
    this.name = 'InjectedFaultError';
  }
}

/**
 * The planner and the due handler on DynamoDB Local, with in-memory queues: the coverage sweep's parts are delivered
 * one by one like SQS messages (a part that throws goes back to the queue, alone). Used by the integration test and
 * `bench/sweep.ts`.
 */
export class SweepWorld {
  now: Instant;
  readonly clock = { now: () => this.now };
  readonly calendar = kazakhstanCalendar();
  readonly sweeps = new InMemorySweepQueue();
  readonly due = new InMemoryDueQueue();
  readonly queued = new InMemoryNotifyQueue();
  readonly deadLetters = new RecordingDeadLetters();
  readonly telemetry = new RecordingTelemetry();
  readonly indexReads: IndexReads = { queries: 0, chatItems: 0 };
  /** Set by a test: makes the notify queue refuse a batch (once per chat id it returns true for). */
  failNotifyFor?: (chatId: number) => boolean;
  readonly facts: DynamoFactStore;
  readonly chats: DynamoChatStore;
  readonly planner: ReturnType<typeof createPlanner>;
  readonly dueHandler: ReturnType<typeof createDueHandler>;

  private constructor(
    readonly table: TestTable,
    start: Instant,
  ) {
    this.now = start;
    const { documents, tableName } = table;
    this.facts = new DynamoFactStore(documents, tableName);
    this.chats = new DynamoChatStore(documents, tableName, this.clock.now);
    const notify: NotifyQueue = {
      enqueue: async (list: readonly NotificationMessage[]) => {
        if (list.some((n) => this.failNotifyFor?.(n.chatId))) throw new InjectedFaultError();
        await this.queued.enqueue(list);
      },
    };
    const ports = {
      facts: this.facts,
      chats: this.chats,
      book: new DynamoScheduleBook(documents, tableName),
      outbox: new DynamoOutboxMarkers(documents, tableName, this.clock.now),
      scheduler: new InMemoryScheduler(),
      due: this.due,
      notify,
      clock: this.clock,
      calendar: this.calendar,
      deadLetters: this.deadLetters,
      telemetry: this.telemetry,
    };
    this.planner = createPlanner(ports);
    this.dueHandler = createDueHandler({
      ...ports,
      sweeps: this.sweeps,
      outbound: { send: async () => {} },
      outboundSource: 'test',
    });
  }

  static async create(endpoint: string, start: Instant): Promise<SweepWorld> {
    const table = await createTestTable(endpoint);
    const world = new SweepWorld(table, start);
    table.client.middlewareStack.add(
      (next, context) => async (args) => {
        const result = await next(args);
        const input = args.input as { IndexName?: string; ExpressionAttributeValues?: Record<string, unknown> };
        // Marshalled or not, depending on where in the stack the DocumentClient's translation runs.
        const value = input.ExpressionAttributeValues?.[':shard'];
        const list = String((value as { S?: string } | undefined)?.S ?? value ?? '');
        if (context.commandName === 'QueryCommand' && input.IndexName === 'byList' && list.startsWith('LINKED#')) {
          world.indexReads.queries += 1;
          world.indexReads.chatItems += ((result.output as { Items?: unknown[] }).Items ?? []).length;
        }
        return result;
      },
      { step: 'initialize', name: 'sweepIndexReads' },
    );
    return world;
  }

  /** Stores upstream events as the ingest does, then plans their changes (the planner keeps chats' coverage). */
  async record(...events: UpstreamEvent[]): Promise<void> {
    for (const event of events) {
      const fact = toFactRecord(event, testIdentity);
      await this.facts.record(fact);
      const changes = await changesOfFact({ facts: this.facts, at: this.now, calendar: this.calendar }, fact);
      for (const change of changes) await this.planner(sqsRecord(encodeChangeMessage(change)));
    }
  }

  /** Writes chats straight into the table, 25 per request (a bulk load, not the bot). */
  async load(chats: readonly ChatRecord[]): Promise<void> {
    for (let start = 0; start < chats.length; start += 25) {
      const batch = chats.slice(start, start + 25).map((chat) => ({ PutRequest: { Item: chatItem(chat) } }));
      let unprocessed: Record<string, unknown>[] | undefined = batch;
      while (unprocessed && unprocessed.length > 0) {
        const result = await this.table.documents.send(
          new BatchWriteCommand({ RequestItems: { [this.table.tableName]: unprocessed as never } }),
        );
        unprocessed = result.UnprocessedItems?.[this.table.tableName] as Record<string, unknown>[] | undefined;
      }
    }
  }

  /** The morning sweep as the recurring schedule starts it, then every part until the queue is empty. */
  async coverageSweep(): Promise<{ runs: SweepPart[]; failures: SweepPart[] }> {
    await this.dueHandler(sqsRecord(encodeDueMessage({ kind: 'coverage_sweep' })));
    return this.runParts();
  }

  /** Delivers the queued parts one at a time; a part that throws is delivered again later, alone. */
  async runParts(): Promise<{ runs: SweepPart[]; failures: SweepPart[] }> {
    const runs: SweepPart[] = [];
    const failures: SweepPart[] = [];
    for (let part = this.sweeps.sent.shift(); part; part = this.sweeps.sent.shift()) {
      runs.push(part);
      try {
        await this.dueHandler(sqsRecord(encodeSweepMessage(part)));
      } catch {
        failures.push(part);
        this.sweeps.sent.push(part);
      }
    }
    return { runs, failures };
  }

  resetCounts(): void {
    this.table.requests.reset();
    this.indexReads.queries = 0;
    this.indexReads.chatItems = 0;
  }
}
