import { encodeNotificationMessage, type NotificationMessage } from '../contracts/internal';
import { deliveryTime, NOT_HELD_OVER_QUIET_HOURS } from '../domain/notifications';
import { notificationText } from '../messages/notification-text';
import { NOTIFICATION_TOPIC, stillAddressed } from './notify-citizens';
import type { Addressee, ClaimOutcome, NotificationLedger, Scheduler } from './ports';
import type { ChatRecord, ChatStore } from './ports/chat-store';
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
  /** Quiet hours: held in the ledger as `postponed`; a one-time schedule delivers it to the notify queue at 09:00. */
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

/** Who a notification is for, as the ledger checks it on the chat item in the same write as the claim. */
export function addresseeOf(notification: NotificationMessage): Addressee {
  const topic = NOTIFICATION_TOPIC[notification.kind];
  return {
    citizenKey: notification.citizenKey,
    orUnlinked: notification.kind === 'unlinked_phone_changed',
    ...(topic === 'account' ? {} : { topic }),
  };
}

/** Whether a chat is (still) the addressee: the rule the ledger's claim enforces atomically (in memory, this function). */
export function isAddressed(chat: ChatRecord | undefined, addressee: Addressee): boolean {
  if (!chat?.active) return false;
  if (addressee.topic !== undefined && !chat.reminders[addressee.topic]) return false;
  return chat.citizenKey === addressee.citizenKey || (addressee.orUnlinked && chat.citizenKey === undefined);
}

const NOT_CLAIMED: Readonly<Record<Exclude<ClaimOutcome, 'claimed'>, DeliveryOutcome>> = {
  already_sent: { outcome: 'duplicate' },
  in_flight: { outcome: 'in_flight' },
  not_addressed: { outcome: 'skipped' },
};

/**
 * One notification to one chat. Quiet hours (21:00–09:00 Kazakhstan time) postpone it to 09:00 (a documents reminder
 * or "documents received", true only now, is dropped instead): the ledger item is
 * written as `postponed` first (so `/forget` deletes it with the chat's other notifications), then the schedule. At
 * delivery the claim moves it to `sending` in one write with a check that the chat is still its addressee: a chat
 * forgotten, re-linked, blocked or muted in between gets nothing, and no item comes back. The item is written before
 * sending, so a redelivered message finds it and sends nothing; 403 marks the chat inactive; 400 is settled as failed;
 * anything else is thrown, and the queue retries.
 */
export async function deliverNotification(
  ports: DeliveryPorts,
  notification: NotificationMessage,
): Promise<DeliveryOutcome> {
  const now = ports.clock.now();
  const at = deliveryTime(now);
  const claim = { chatId: notification.chatId, kind: notification.kind, addressee: addresseeOf(notification) };
  // Only true now, and nobody re-checks it at 09:00: dropped rather than held (see the domain's set).
  if (at > now && NOT_HELD_OVER_QUIET_HOURS.has(notification.kind)) return { outcome: 'skipped' };
  if (at > now) {
    const held = await ports.ledger.claim(notification.id, { ...claim, status: 'postponed' });
    if (held !== 'claimed') return NOT_CLAIMED[held];
    const body = encodeNotificationMessage(notification);
    await ports.scheduler.put({ name: deliveryScheduleName(notification.id), at, target: 'notify', body });
    return { outcome: 'postponed' };
  }
  // Read for the language; a chat plainly not addressed costs no write. The claim re-checks it atomically.
  const chat = await ports.chats.getChat(notification.chatId);
  if (!stillAddressed(chat, notification)) return { outcome: 'skipped' };
  const claimed = await ports.ledger.claim(notification.id, { ...claim, status: 'sending' });
  if (claimed !== 'claimed') return NOT_CLAIMED[claimed];
  return send(ports, notification, chat);
}

async function send(
  ports: DeliveryPorts,
  notification: NotificationMessage,
  chat: ChatRecord,
): Promise<DeliveryOutcome> {
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
