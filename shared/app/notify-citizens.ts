import {
  type NotificationKind,
  type NotificationMessage,
  notificationSchema,
  type TypedNotificationIntent,
} from '../contracts/internal';
import { describeIssues } from '../contracts/parse';
import type { IsoDate } from '../domain/dates';
import { type NotificationIntent as DomainIntent, type ReminderTopic, TOPIC_OF } from '../domain/notifications';
import type { NotifyQueue } from './ports';
import type { ChatRecord, ChatStore } from './ports/chat-store';

/** An intent as the domain makes it, or typed per kind as the use cases make it (issue 11 item 3). */
export type AnyNotificationIntent = TypedNotificationIntent | DomainIntent;

/** A notice about the account itself (not a reminder): no `/reminders` switch turns it off. */
export type NotificationTopic = ReminderTopic | 'account';

/** Which switch in `/reminders` governs a kind. */
export const NOTIFICATION_TOPIC: Readonly<Record<NotificationKind, NotificationTopic>> = {
  ...TOPIC_OF,
  return_withdrawn: 'pension',
  unlinked_phone_changed: 'account',
};

/** An intent whose params do not fit its kind's contract: a bug in the code that made it, never sent half-filled. */
export class NotificationIntentError extends Error {
  readonly kind: string;

  constructor(kind: string, reason: string) {
    super(`notification intent ${kind} does not fit its contract: ${reason}`);
    this.name = 'NotificationIntentError';
    this.kind = kind;
  }
}

/** The deterministic id of a notification to one chat: kind + subject + date (+ variant) + chat; never the params. */
export function notificationId(
  intent: { kind: string; subject: string; date: IsoDate; variant?: string; params?: unknown },
  chatId: number,
): string {
  return [intent.kind, intent.subject, intent.date, intent.variant ?? '-', String(chatId)].join('|');
}

/** The notify-queue message of an intent for one chat, checked against its kind's contract. */
export function notificationFor(
  intent: AnyNotificationIntent,
  chatId: number,
  citizenKey: string,
): NotificationMessage {
  const candidate = {
    id: notificationId(intent, chatId),
    chatId,
    citizenKey,
    kind: intent.kind,
    params: intent.params,
  };
  const parsed = notificationSchema.safeParse(candidate);
  if (!parsed.success) throw new NotificationIntentError(intent.kind, describeIssues(parsed.error.issues).reason);
  return parsed.data;
}

/** Whether a chat takes a kind now: reachable, and the kind's reminder switch on (account notices always). */
export function chatTakes(chat: ChatRecord, kind: NotificationKind): boolean {
  const topic = NOTIFICATION_TOPIC[kind];
  return chat.active && (topic === 'account' || chat.reminders[topic]);
}

/**
 * Whether a notification made earlier may still go to its chat, re-checked at delivery: the chat may have been
 * forgotten, re-linked to someone else, blocked or muted since. The unlink notice goes to a chat no longer linked
 * (or, for the moment the planner needs to unlink it, still linked to the same citizen).
 */
export function stillAddressed(chat: ChatRecord | undefined, notification: NotificationMessage): chat is ChatRecord {
  if (!chat || !chatTakes(chat, notification.kind)) return false;
  if (notification.kind === 'unlinked_phone_changed') {
    return chat.citizenKey === undefined || chat.citizenKey === notification.citizenKey;
  }
  return chat.citizenKey === notification.citizenKey;
}

export interface NotifyCitizensPorts {
  chats: Pick<ChatStore, 'chatsOfCitizen'>;
  notify: NotifyQueue;
}

/** Queues each intent for every linked, active chat of the citizens that takes that kind; answers how many. */
export async function notifyCitizens(
  ports: NotifyCitizensPorts,
  citizenKeys: readonly string[],
  intents: readonly AnyNotificationIntent[],
): Promise<number> {
  if (intents.length === 0) return 0;
  const messages: NotificationMessage[] = [];
  for (const citizenKey of citizenKeys) {
    for (const chat of await ports.chats.chatsOfCitizen(citizenKey)) {
      for (const intent of intents) {
        if (chatTakes(chat, intent.kind)) messages.push(notificationFor(intent, chat.chatId, citizenKey));
      }
    }
  }
  await ports.notify.enqueue(messages);
  return messages.length;
}

/** Queues intents for one chat only (a chat that came back, a chat being unlinked). */
export async function notifyChat(
  ports: Pick<NotifyCitizensPorts, 'notify'>,
  chat: ChatRecord & { citizenKey: string },
  intents: readonly AnyNotificationIntent[],
): Promise<number> {
  const messages = intents
    .filter((intent) => chatTakes(chat, intent.kind))
    .map((intent) => notificationFor(intent, chat.chatId, chat.citizenKey));
  if (messages.length > 0) await ports.notify.enqueue(messages);
  return messages.length;
}
