import type { WorkingCalendar } from '../domain/calendar/working-calendar';
import { addDays, kazakhstanDate } from '../domain/dates';
import { checkIin, type IinProblem } from '../domain/iin';
import { insuranceFrom, nextCoverage } from './coverage-sweep';
import { phoneOfRecordIn } from './phone-of-record';
import type { ChatCoverage, ChatRecord, ChatStore, LinkAttempts } from './ports/chat-store';
import type { Clock } from './ports/clock';
import type { FactStore } from './ports/fact-store';
import type { Identity } from './ports/identity';

/** Linking attempts (an IIN matched against the phone of record) allowed per chat per day (issue 5). */
export const LINK_ATTEMPTS_PER_DAY = 5;

/** What linking a chat needs. */
export interface LinkChatPorts {
  facts: Pick<FactStore, 'citizenFacts'>;
  chats: Pick<ChatStore, 'chatsOfCitizen'>;
  attempts: LinkAttempts;
  identity: Pick<Identity, 'citizenKey' | 'maskIin'>;
  clock: Clock;
  /** For the coverage the chat keeps from the start (the coverage sweep reads it: docs/scheduling.md). */
  calendar: WorkingCalendar;
  /**
   * Tells a chat already linked to the citizen that another Telegram account has just linked them (BRIEF 4), in that
   * chat's language. It may fail (the chat blocked the bot): the new link stands all the same.
   */
  noticeLinkedElsewhere(chat: ChatRecord): Promise<void>;
}

export interface LinkRequest {
  chatId: number;
  /** What the citizen typed as their IIN (spaces and dashes allowed). */
  iinText: string;
  /** Keyed hash of the phone from the citizen's own shared contact. */
  phoneKey: string;
}

/** What the chat record keeps of a link. */
export interface ChatLink {
  citizenKey: string;
  iinMasked: string;
  linkedPhoneKey: string;
  linkedAt: string;
  /** The citizen's coverage as derived at the link, from the same facts as the phone of record (no extra read). */
  coverage: ChatCoverage;
}

export type LinkResult =
  /** Not an IIN at all: a hint, and no attempt is counted. */
  | { outcome: 'invalid_iin'; problem: IinProblem }
  | { outcome: 'limit_reached' }
  /** Unknown IIN or another phone of record: one answer for both, so nothing tells whether an IIN exists. */
  | { outcome: 'refused' }
  | { outcome: 'linked'; link: ChatLink; notices: { sent: number; failed: number } };

/** Every other chat linked to the citizen gets the security notice; one failure does not stop the others. */
async function noticeOtherChats(ports: LinkChatPorts, citizenKey: string, chatId: number) {
  const others = (await ports.chats.chatsOfCitizen(citizenKey)).filter((chat) => chat.chatId !== chatId);
  const results = await Promise.allSettled(others.map((chat) => ports.noticeLinkedElsewhere(chat)));
  const failed = results.filter((result) => result.status === 'rejected').length;
  return { sent: results.length - failed, failed };
}

/**
 * Links a chat to the citizen whose IIN it typed, when the chat's own contact is that citizen's phone of record. At
 * most {@link LINK_ATTEMPTS_PER_DAY} well-formed IINs per chat per day are matched. The caller keeps the link on the
 * chat record; the chats already linked to the citizen are told at once.
 */
export async function linkChat(ports: LinkChatPorts, request: LinkRequest): Promise<LinkResult> {
  const iin = request.iinText.replace(/[\s-]/g, '');
  const check = checkIin(iin);
  if (!check.valid) return { outcome: 'invalid_iin', problem: check.problem };
  const now = ports.clock.now();
  const attempts = await ports.attempts.register(request.chatId, kazakhstanDate(now));
  if (attempts > LINK_ATTEMPTS_PER_DAY) return { outcome: 'limit_reached' };
  const citizenKey = ports.identity.citizenKey(iin);
  // No contact, another phone, or a phone of record under review (conflicting versions): the same refusal.
  const records = await ports.facts.citizenFacts(citizenKey);
  const phone = phoneOfRecordIn(records);
  if (!phone || 'underReview' in phone || phone.phoneKey !== request.phoneKey) return { outcome: 'refused' };
  const insurance = insuranceFrom(records, citizenKey, { at: now, calendar: ports.calendar });
  const handledThrough = addDays(kazakhstanDate(now), -1);
  const link: ChatLink = {
    citizenKey,
    iinMasked: ports.identity.maskIin(iin),
    linkedPhoneKey: request.phoneKey,
    linkedAt: new Date(now).toISOString(),
    coverage: nextCoverage({ citizenKey, insurance, stored: undefined, handledThrough, at: now }),
  };
  return { outcome: 'linked', link, notices: await noticeOtherChats(ports, citizenKey, request.chatId) };
}
