import type { Context, LazySessionFlavor } from 'grammy';
import type { Clock } from '../../shared/adapters/clock';
import type { Identity } from '../../shared/adapters/identity';
import type { ChatReturnSignal, NotificationLedger, Telemetry } from '../../shared/app/ports';
import {
  type ChatRecord,
  type ChatStore,
  DEFAULT_REMINDERS,
  type LinkAttempts,
} from '../../shared/app/ports/chat-store';
import type { FactStore } from '../../shared/app/ports/fact-store';
import type { ViewContext } from '../../shared/app/views';
import type { WorkingCalendar } from '../../shared/domain/calendar/working-calendar';
import type { Language } from '../../shared/messages/format';
import type { MessageKey } from '../../shared/messages/render';
import { mainMenu, t } from './screens';

/** The chat as the bot keeps it: the chat record plus where the chat is in the linking steps. */
export type ChatSession = ChatRecord & { flow?: { step: 'contact' } | { step: 'iin'; phoneKey: string } };
export type BotContext = Context & LazySessionFlavor<ChatSession>;

export interface BotDependencies {
  facts: FactStore;
  chats: ChatStore;
  attempts: LinkAttempts;
  ledger: NotificationLedger;
  identity: Identity;
  calendar: WorkingCalendar;
  clock: Clock;
  telemetry: Telemetry;
  /** The bot operator's support contact (`SUPPORT_CONTACT`), named in the security notice of a second link. */
  supportContact: string;
  /**
   * Told once when a chat that was inactive (blocked) became reachable again — `my_chat_member` member, or any message
   * or button from it — right after the chat store re-activated it, so that the reminders it missed are delivered.
   */
  chatReturns: ChatReturnSignal;
}

export const initialSession = (chatId: number): ChatSession => ({
  chatId,
  language: 'kk',
  active: true,
  reminders: { ...DEFAULT_REMINDERS },
});

/** What a view is seen with: the facts, now, and the calendar. */
export function viewContext(deps: BotDependencies): ViewContext {
  return { facts: deps.facts, at: deps.clock.now(), calendar: deps.calendar };
}

export async function languageOf(ctx: BotContext): Promise<Language> {
  return (await ctx.session).language;
}

export async function say(ctx: BotContext, key: MessageKey, extra: Parameters<BotContext['reply']>[1] = {}) {
  return ctx.reply(t(await languageOf(ctx), key), extra);
}

export async function showMenu(ctx: BotContext) {
  return say(ctx, 'bot-menu', { reply_markup: mainMenu(await languageOf(ctx)) });
}

/** The citizen key of a linked chat, or a kind pointer to /start. */
export async function linkedCitizen(ctx: BotContext): Promise<string | undefined> {
  const key = (await ctx.session).citizenKey;
  if (!key) await say(ctx, 'bot-need-link');
  return key;
}

/** A message that starts with a `/command`: the commands' own handlers answer it, wherever the chat is in a flow. */
export function isCommand(ctx: BotContext): boolean {
  return ctx.msg?.entities?.some((entity) => entity.type === 'bot_command' && entity.offset === 0) ?? false;
}
