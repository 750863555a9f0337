import { ChatUnreachableError, MessageRejectedError, type TelegramSender } from '../../shared/adapters/telegram';
import type {
  ChangeSink,
  DueQueue,
  NotifyQueue,
  OneTimeSchedule,
  OutboundQueue,
  Scheduler,
  SweepQueue,
} from '../../shared/app/ports';
import type { ChangeMessage, DueWork, NotificationMessage } from '../../shared/contracts/internal';
import type { OutboundEvent } from '../../shared/contracts/outbound';
import type { SweepPart } from '../../shared/contracts/sweep';

/** Keeps changes in memory, for tests and the bench that run the ingest without a queue. */
export class InMemoryChangeSink implements ChangeSink {
  readonly published: ChangeMessage[] = [];

  async publish(changes: readonly ChangeMessage[]): Promise<void> {
    this.published.push(...changes);
  }
}

/** The due queue in memory: what was enqueued, in order; `take()` empties it (a test delivers it by hand). */
export class InMemoryDueQueue implements DueQueue {
  readonly sent: DueWork[] = [];

  async enqueue(work: readonly DueWork[]): Promise<void> {
    this.sent.push(...work);
  }

  take(): DueWork[] {
    return this.sent.splice(0);
  }
}

/** The sweeps' parts in memory (they ride the due queue in the cloud); `take()` empties it. */
export class InMemorySweepQueue implements SweepQueue {
  readonly sent: SweepPart[] = [];

  async enqueue(parts: readonly SweepPart[]): Promise<void> {
    this.sent.push(...parts);
  }

  take(): SweepPart[] {
    return this.sent.splice(0);
  }
}

export class InMemoryNotifyQueue implements NotifyQueue {
  readonly sent: NotificationMessage[] = [];

  async enqueue(notifications: readonly NotificationMessage[]): Promise<void> {
    this.sent.push(...notifications);
  }

  take(): NotificationMessage[] {
    return this.sent.splice(0);
  }
}

/** The operator's FIFO queue in memory: like SQS FIFO, a resend with the same event id is dropped. */
export class InMemoryOutboundQueue implements OutboundQueue {
  readonly sent: OutboundEvent[] = [];
  /** Throws on the next send (a crash between the outbox marker and the send). */
  failNext = 0;

  async send(event: OutboundEvent): Promise<void> {
    if (this.failNext > 0) {
      this.failNext -= 1;
      throw new Error('injected outbound failure');
    }
    if (!this.sent.some((sent) => sent.eventId === event.eventId)) this.sent.push(event);
  }
}

/** One-time schedules in memory, by name (a put of the same name moves it). */
export class InMemoryScheduler implements Scheduler {
  readonly schedules = new Map<string, OneTimeSchedule>();

  async put(schedule: OneTimeSchedule): Promise<void> {
    this.schedules.set(schedule.name, schedule);
  }

  async delete(name: string): Promise<void> {
    this.schedules.delete(name);
  }
}

/** What a fake Telegram answers to the next send. */
export type TelegramAnswer = 'ok' | { code: 403 | 400 | 500; description: string };

/** A Telegram sender in memory: records texts per chat and answers as told (403 → unreachable, 400 → rejected). */
export class InMemoryTelegram implements TelegramSender {
  readonly messages: { chatId: number; text: string }[] = [];
  readonly #answers: TelegramAnswer[] = [];
  #next = 0;

  answerNext(...answers: TelegramAnswer[]): void {
    this.#answers.push(...answers);
  }

  async sendText(chatId: number, text: string): Promise<{ messageId: number }> {
    const answer = this.#answers.shift() ?? 'ok';
    if (answer !== 'ok') {
      if (answer.code === 403) throw new ChatUnreachableError(answer.description);
      if (answer.code === 400) throw new MessageRejectedError(answer.description);
      throw new Error(`telegram: ${answer.code} ${answer.description}`);
    }
    this.messages.push({ chatId, text });
    this.#next += 1;
    return { messageId: this.#next };
  }

  to(chatId: number): string[] {
    return this.messages.filter((message) => message.chatId === chatId).map((message) => message.text);
  }
}
