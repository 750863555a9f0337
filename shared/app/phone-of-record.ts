import { type Instant, kazakhstanDate } from '../domain/dates';
import { distinctEvents, latestOf } from '../domain/event-log';
import type { CitizenContactEvent } from '../domain/events';
import { type FactRecord, toDomainEvent } from './fact-record';
import { type NotifyCitizensPorts, notificationFor } from './notify-citizens';
import type { ChatRecord, ChatStore } from './ports/chat-store';
import type { FactStore } from './ports/fact-store';

/**
 * The phone of record of a citizen, as a keyed hash (BRIEF 4): the latest `citizen.contact` (upstream's correction
 * supersedes), none before any contact arrived, and `underReview` while a contact has conflicting versions — then no
 * version counts, so no chat links by a phone in doubt and no chat is unlinked by one (issue 12 items 2 and 5).
 */
export type PhoneOfRecord = { phoneKey: string } | { underReview: true } | undefined;

/** {@link phoneOfRecord} over a citizen's stored facts (pure: the bot's linking and the planner share it). */
export function phoneOfRecordIn(records: readonly FactRecord[]): PhoneOfRecord {
  const contacts = records.filter((record) => record.type === 'citizen.contact');
  const flagged = new Set(contacts.filter((record) => record.conflict).map((record) => record.eventKey));
  const { events, conflicts } = distinctEvents(contacts.map(toDomainEvent), flagged);
  if (conflicts.length > 0) return { underReview: true };
  const latest = latestOf(events.filter((event): event is CitizenContactEvent => event.type === 'citizen.contact'));
  return latest ? { phoneKey: latest.data.phone } : undefined;
}

/** The phone of record of a citizen now, from the fact store (one query). */
export async function phoneOfRecord(
  facts: Pick<FactStore, 'citizenFacts'>,
  citizenKey: string,
): Promise<PhoneOfRecord> {
  return phoneOfRecordIn(await facts.citizenFacts(citizenKey));
}

/** What a chat record keeps of a link; unlinking drops all of it. */
const LINK_FIELDS = ['citizenKey', 'iinMasked', 'linkedAt', 'linkedPhoneKey'] as const;

function unlinked(chat: ChatRecord): ChatRecord {
  const copy: ChatRecord = { ...chat };
  for (const field of LINK_FIELDS) delete copy[field];
  return copy;
}

export interface PhoneChangePorts extends NotifyCitizensPorts {
  facts: Pick<FactStore, 'citizenFacts'>;
  chats: Pick<ChatStore, 'chatsOfCitizen' | 'putChat'>;
}

/**
 * Unlinks those of a citizen's chats that proved another phone than the phone of record when they linked, and tells
 * them why (BRIEF 4; issue 12 item 5). The notices are queued before the chats are unlinked, so a crash in between is
 * mended by the redelivery (the unlinked chats would no longer be found); the sender accepts the notice for a chat
 * still being unlinked. While the phone of record is under review, or before any, nothing is unlinked.
 */
export async function unlinkStaleChats(
  ports: Omit<PhoneChangePorts, 'chats'> & { chats: Pick<ChatStore, 'putChat'> },
  citizenKey: string,
  chats: readonly ChatRecord[],
  now: Instant,
): Promise<number> {
  const phone = await phoneOfRecord(ports.facts, citizenKey);
  if (!phone || 'underReview' in phone) return 0;
  const stale = chats.filter((chat) => chat.citizenKey === citizenKey && chat.linkedPhoneKey !== phone.phoneKey);
  if (stale.length === 0) return 0;
  const intent = {
    kind: 'unlinked_phone_changed',
    subject: citizenKey,
    date: kazakhstanDate(now),
    params: {},
  } as const;
  await ports.notify.enqueue(stale.map((chat) => notificationFor(intent, chat.chatId, citizenKey)));
  for (const chat of stale) await ports.chats.putChat(unlinked(chat));
  return stale.length;
}

/** A new phone of record (`contact_recorded`): every linked chat of the citizen is checked against it. */
export async function unlinkChatsOfOldPhone(
  ports: PhoneChangePorts,
  citizenKey: string,
  now: Instant,
): Promise<number> {
  return unlinkStaleChats(ports, citizenKey, await ports.chats.chatsOfCitizen(citizenKey), now);
}
