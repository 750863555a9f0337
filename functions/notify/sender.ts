import type { SQSRecord } from 'aws-lambda';
import type { Clock } from '../../shared/adapters/clock';
import type { DeadLetterSink, Telemetry } from '../../shared/adapters/ports';
import { deliveryScheduleName, type Scheduler } from '../../shared/adapters/scheduler/scheduler';
import type { ChatStore } from '../../shared/adapters/store/chat-store';
import type { NotificationLedger } from '../../shared/adapters/store/work';
import { ChatUnreachableError, MessageRejectedError, type TelegramSender } from '../../shared/adapters/telegram';
import { parseNotificationMessage } from '../../shared/contracts/internal';
import { deliveryTime, TOPIC_OF } from '../../shared/domain/notifications';
import { isNotificationKind, notificationText } from '../../shared/messages/notification-text';

/** Another attempt is sending this notification right now; the queue delivers the message again later. */
export class NotificationInFlightError extends Error {
  constructor() {
    super('notification is being sent by another attempt');
    this.name = 'NotificationInFlightError';
  }
}

export interface SenderDependencies {
  chats: ChatStore;
  ledger: NotificationLedger;
  telegram: TelegramSender;
  scheduler: Scheduler;
  deadLetters: DeadLetterSink;
  clock: Clock;
  telemetry: Telemetry;
}

/**
 * Consumes the notify queue: one notification to one chat. Quiet hours (21:00–09:00 Kazakhstan time) postpone it to
 * 09:00 through a one-time schedule. The notification item is written before sending, so a redelivered message
 * finds it and sends nothing; 403 stops the chat's reminders; 400 is dead-lettered with Telegram's reason; anything
 * else is retried by the queue.
 */
export function createSender(deps: SenderDependencies) {
  const { telemetry } = deps;
  return async (record: SQSRecord): Promise<void> => {
    const parsed = parseNotificationMessage(record.body);
    if (!parsed.ok || !isNotificationKind(parsed.value.notification.kind)) {
      const reason = parsed.ok ? 'notification.kind: unknown notification kind' : parsed.reason;
      await deps.deadLetters.send({ record, reason, category: parsed.ok ? 'notification.kind' : parsed.field });
      telemetry.count('MessagesRejected', { reason: parsed.ok ? 'notification.kind' : parsed.field });
      return;
    }
    const notification = parsed.value.notification;
    const kind = parsed.value.notification.kind;
    if (!isNotificationKind(kind)) return;
    const attributes = { messageId: record.messageId, kind };

    const now = deps.clock.now();
    const at = deliveryTime(now);
    if (at > now) {
      const name = deliveryScheduleName(notification.id);
      await deps.scheduler.put({ name, at, target: 'notify', payload: parsed.value });
      telemetry.info('notification postponed to the end of quiet hours', attributes);
      telemetry.count('NotificationsPostponed');
      return;
    }

    const chat = await deps.chats.getChat(notification.chatId);
    // Re-checked at delivery: the chat may have been forgotten, re-linked to someone else, blocked, or muted since.
    if (!chat?.active || chat.citizenKey !== notification.citizenKey || !chat.reminders[TOPIC_OF[kind]]) {
      telemetry.info('notification skipped: chat gone, relinked, blocked or reminders off', attributes);
      telemetry.count('NotificationsSkipped');
      return;
    }
    const claim = await deps.ledger.claim(notification.id, { chatId: chat.chatId, kind });
    if (claim === 'already_sent') {
      telemetry.count('NotificationsDuplicate');
      return;
    }
    if (claim === 'in_flight') {
      telemetry.count('NotificationsInFlight');
      throw new NotificationInFlightError();
    }
    const text = notificationText(chat.language, kind, notification.params);
    try {
      await deps.telegram.sendText(chat.chatId, text);
    } catch (error) {
      if (error instanceof ChatUnreachableError) {
        await deps.chats.markInactive(chat.chatId);
        await deps.ledger.settle(notification.id, 'blocked');
        telemetry.warn('chat unreachable; its reminders stop', attributes);
        telemetry.count('ChatsBlocked');
        return;
      }
      if (error instanceof MessageRejectedError) {
        await deps.ledger.settle(notification.id, 'failed', error.message);
        await deps.deadLetters.send({ record, reason: error.message, category: 'telegram_400' });
        telemetry.count('MessagesRejected', { reason: 'telegram_400' });
        return;
      }
      telemetry.error('notification not delivered; will be retried', { ...attributes, error: (error as Error).name });
      throw error;
    }
    await deps.ledger.settle(notification.id, 'sent');
    telemetry.count('NotificationsSent', { kind });
  };
}
