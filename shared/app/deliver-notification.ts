import { encodeNotificationMessage, type NotificationMessage } from '../contracts/internal';
import { deliveryTime } from '../domain/notifications';
import { notificationText } from '../messages/notification-text';
import { stillAddressed } from './notify-citizens';
import type { NotificationLedger, Scheduler } from './ports';
import type { ChatStore } from './ports/chat-store';
import type { Clock } from './ports/clock';
import { ChatUnreachableError, MessageRejectedError, type TelegramSender } from './ports/telegram';
import { deliveryScheduleName } from './schedule-names';

export interface DeliveryPorts {
  chats: Pick<ChatStore, 'getChat' | 'markInactive'>;
  ledger: NotificationLedger;
  telegram: TelegramSender;
  scheduler: Scheduler;
  clock: Clock;
}

/** What became of one notification. The sender answers each: a metric, a DLQ entry, or a retry. */
export type DeliveryOutcome =
  /** Quiet hours: a one-time schedule delivers it to the notify queue at 09:00. */
  | { outcome: 'postponed' }
  /** The chat was forgotten, re-linked to someone else, blocked or muted since the notification was made. */
  | { outcome: 'skipped' }
  /** Delivered (or settled) before: nothing sent. */
  | { outcome: 'duplicate' }
  /** Another attempt is sending it now: the queue delivers it again later. */
  | { outcome: 'in_flight' }
  | { outcome: 'sent' }
  /** Telegram said 403: the chat's reminders stop until it comes back. */
  | { outcome: 'blocked' }
  /** Telegram said 400: sending it again cannot help. */
  | { outcome: 'rejected'; reason: string };

/**
 * One notification to one chat. Quiet hours (21:00–09:00 Kazakhstan time) postpone it to 09:00. The ledger item is
 * written before sending, so a redelivered message finds it and sends nothing; 403 marks the chat inactive; 400 is
 * settled as failed; anything else is thrown, and the queue retries.
 */
export async function deliverNotification(
  ports: DeliveryPorts,
  notification: NotificationMessage,
): Promise<DeliveryOutcome> {
  const now = ports.clock.now();
  const at = deliveryTime(now);
  if (at > now) {
    const body = encodeNotificationMessage(notification);
    await ports.scheduler.put({ name: deliveryScheduleName(notification.id), at, target: 'notify', body });
    return { outcome: 'postponed' };
  }
  const chat = await ports.chats.getChat(notification.chatId);
  if (!stillAddressed(chat, notification)) return { outcome: 'skipped' };
  const claim = await ports.ledger.claim(notification.id, { chatId: chat.chatId, kind: notification.kind });
  if (claim === 'already_sent') return { outcome: 'duplicate' };
  if (claim === 'in_flight') return { outcome: 'in_flight' };
  try {
    await ports.telegram.sendText(chat.chatId, notificationText(chat.language, notification.kind, notification.params));
  } catch (error) {
    if (error instanceof ChatUnreachableError) {
      await ports.chats.markInactive(chat.chatId);
      await ports.ledger.settle(notification.id, 'blocked');
      return { outcome: 'blocked' };
    }
    if (error instanceof MessageRejectedError) {
      await ports.ledger.settle(notification.id, 'failed', error.message);
      return { outcome: 'rejected', reason: error.message };
    }
    throw error;
  }
  await ports.ledger.settle(notification.id, 'sent');
  return { outcome: 'sent' };
}
