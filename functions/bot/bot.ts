import { autoRetry } from '@grammyjs/auto-retry';
import { limit } from '@grammyjs/ratelimiter';
import { Bot, type Context, type LazySessionFlavor, lazySession, type StorageAdapter } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { Clock } from '../../shared/adapters/clock';
import type { LinkAttempts } from '../../shared/adapters/dynamodb/attempts';
import type { Identity } from '../../shared/adapters/identity';
import type { Telemetry } from '../../shared/adapters/ports';
import { type ChatRecord, type ChatStore, DEFAULT_REMINDERS } from '../../shared/adapters/store/chat-store';
import { toDomainEvent } from '../../shared/adapters/store/fact-record';
import type { FactStore } from '../../shared/adapters/store/fact-store';
import { caseFactRecords, caseStatusFrom, citizenView } from '../../shared/adapters/store/read-model';
import type { NotificationLedger } from '../../shared/adapters/store/work';
import type { WorkingCalendar } from '../../shared/domain/calendar/working-calendar';
import { kazakhstanDate } from '../../shared/domain/dates';
import { latestOf } from '../../shared/domain/event-log';
import type { CitizenContactEvent } from '../../shared/domain/events';
import { checkIin } from '../../shared/domain/iin';
import type { Language } from '../../shared/messages/format';
import type { MessageKey } from '../../shared/messages/render';
import {
  CALLBACK,
  caseText,
  consentKeyboard,
  contactKeyboard,
  forgetKeyboard,
  languageKeyboard,
  mainMenu,
  paymentsText,
  remindersKeyboard,
  statusText,
  t,
} from './screens';

/** Linking attempts (IIN matched against the phone of record) allowed per chat per day (issue 5). */
export const LINK_ATTEMPTS_PER_DAY = 5;

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
}

export interface BotOptions {
  botInfo?: UserFromGetMe;
  apiRoot?: string;
  /** Updates one chat may send per time frame before the bot stops reading them (default 5 per 3 s). */
  rateLimit?: { limit: number; timeFrameMs: number };
}

export const initialSession = (chatId: number): ChatSession => ({
  chatId,
  language: 'kk',
  active: true,
  reminders: { ...DEFAULT_REMINDERS },
});

/**
 * grammY's session storage over the chat store: the session *is* the chat record (one item, read lazily). grammY
 * writes back every session it read, so this adapter remembers what it read and skips writes that change nothing —
 * `/status` costs one read and no write, and a stranger who never consents leaves no item behind.
 */
export function chatSessionStorage(chats: ChatStore): StorageAdapter<ChatSession> {
  const asRead = new Map<string, string>();
  return {
    read: async (key) => {
      const chat = await chats.getChat(Number(key));
      asRead.set(key, JSON.stringify(chat ?? initialSession(Number(key))));
      return chat;
    },
    write: async (key, value) => {
      const record = { ...value, chatId: Number(key) };
      const unchanged = asRead.get(key) === JSON.stringify(record);
      asRead.delete(key);
      if (!unchanged) await chats.putChat(record);
    },
    delete: async (key) => {
      asRead.delete(key);
      await chats.deleteChat(Number(key));
    },
  };
}

/** Telegram sends a contact's number with or without `+`; the phone of record is E.164 (`+7…`). */
export function normalisePhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `+${digits.length === 11 && digits.startsWith('8') ? `7${digits.slice(1)}` : digits}`;
}

const IIN_MISTAKES: Record<string, MessageKey> = {
  not_12_digits: 'bot-iin-not-12-digits',
  century_digit: 'bot-iin-century-digit',
  birth_date: 'bot-iin-birth-date',
  check_digit_mismatch: 'bot-iin-check-digit',
  check_digit_undefined: 'bot-iin-check-digit',
};

/**
 * The bot citizens talk to. It only reads state and answers (nothing slow happens in a webhook); it never logs a
 * message's text, a phone or an IIN — only what kind of update it handled.
 */
export function createBot(token: string, deps: BotDependencies, options: BotOptions = {}): Bot<BotContext> {
  const bot = new Bot<BotContext>(token, {
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    client: { timeoutSeconds: 10, ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}) },
  });
  const { telemetry } = deps;
  // A reply that hits Telegram's per-chat pace waits its `retry_after` (a few seconds at most) instead of failing.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 2, maxDelaySeconds: 5, rethrowHttpErrors: true }));

  bot.catch((error) => {
    telemetry.error('update failed', { error: error.error instanceof Error ? error.error.name : 'unknown' });
    telemetry.count('BotErrors');
  });
  // Before the session: a flooding chat is turned away without touching the table.
  bot.use(
    limit({
      limit: options.rateLimit?.limit ?? 5,
      timeFrame: options.rateLimit?.timeFrameMs ?? 3_000,
      keyGenerator: (ctx) => ctx.chat?.id.toString(),
      onLimitExceeded: async (ctx) => {
        telemetry.count('BotRateLimited');
        await ctx.reply(t('kk', 'bot-rate-limited')).catch(() => undefined);
      },
    }),
  );
  bot.filter(
    (ctx) => ctx.chat?.type !== 'private',
    () => undefined,
  );
  bot.use(
    lazySession({
      storage: chatSessionStorage(deps.chats),
      getSessionKey: (ctx) => ctx.chat?.id.toString(),
      initial: (): ChatSession => initialSession(0),
    }),
  );
  bot.use(async (_ctx, next) => {
    telemetry.count('BotUpdates');
    await next();
  });

  const language = async (ctx: BotContext): Promise<Language> => (await ctx.session).language;
  const say = async (ctx: BotContext, key: MessageKey, extra: Parameters<BotContext['reply']>[1] = {}) =>
    ctx.reply(t(await language(ctx), key), extra);
  const menu = async (ctx: BotContext) => say(ctx, 'bot-menu', { reply_markup: mainMenu(await language(ctx)) });

  async function start(ctx: BotContext) {
    const session = await ctx.session;
    if (session.citizenKey) return menu(ctx);
    const lang = session.language;
    return ctx.reply(`${t(lang, 'bot-welcome')}\n\n${t(lang, 'bot-consent')}`, { reply_markup: consentKeyboard(lang) });
  }

  /** The citizen key of a linked chat, or a kind pointer to /start. */
  async function linked(ctx: BotContext): Promise<string | undefined> {
    const key = (await ctx.session).citizenKey;
    if (!key) await say(ctx, 'bot-need-link');
    return key;
  }

  async function status(ctx: BotContext) {
    const citizenKey = await linked(ctx);
    if (!citizenKey) return;
    const view = await citizenView(deps.facts, citizenKey, { at: deps.clock.now(), calendar: deps.calendar });
    const lang = await language(ctx);
    await ctx.reply(statusText(lang, view), { reply_markup: mainMenu(lang) });
  }

  async function payments(ctx: BotContext) {
    const citizenKey = await linked(ctx);
    if (!citizenKey) return;
    const view = await citizenView(deps.facts, citizenKey, { at: deps.clock.now(), calendar: deps.calendar });
    const lang = await language(ctx);
    await ctx.reply(paymentsText(lang, view.contributions), { reply_markup: mainMenu(lang) });
  }

  async function cases(ctx: BotContext) {
    const citizenKey = await linked(ctx);
    if (!citizenKey) return;
    const lang = await language(ctx);
    const at = deps.clock.now();
    const texts: string[] = [];
    for (const caseId of await deps.facts.casesOf(citizenKey)) {
      const status = caseStatusFrom(await caseFactRecords(deps.facts, caseId), caseId, { at, calendar: deps.calendar });
      if (status) texts.push(caseText(lang, status));
    }
    await ctx.reply(texts.length > 0 ? texts.join('\n\n') : t(lang, 'case-none'), { reply_markup: mainMenu(lang) });
  }

  async function reminders(ctx: BotContext) {
    const session = await ctx.session;
    if (!(await linked(ctx))) return;
    await ctx.reply(t(session.language, 'reminders-header'), {
      reply_markup: remindersKeyboard(session.language, session.reminders),
    });
  }

  const chooseLanguage = async (ctx: BotContext) =>
    say(ctx, 'language-choose', { reply_markup: languageKeyboard(await language(ctx)) });
  const help = async (ctx: BotContext) => say(ctx, 'help', { reply_markup: mainMenu(await language(ctx)) });
  const forget = async (ctx: BotContext) =>
    say(ctx, 'forget-confirm', { reply_markup: forgetKeyboard(await language(ctx)) });

  bot.command('start', start);
  bot.command('status', status);
  bot.command('payments', payments);
  bot.command('case', cases);
  bot.command('reminders', reminders);
  bot.command('language', chooseLanguage);
  bot.command('help', help);
  bot.command('forget', forget);

  const onButton = (data: string, action: (ctx: BotContext) => Promise<unknown>) =>
    bot.callbackQuery(data, async (ctx) => {
      await ctx.answerCallbackQuery();
      await action(ctx);
    });
  onButton(CALLBACK.status, status);
  onButton(CALLBACK.payments, payments);
  onButton(CALLBACK.case, cases);
  onButton(CALLBACK.reminders, reminders);
  onButton(CALLBACK.language, chooseLanguage);
  onButton(CALLBACK.help, help);
  onButton(CALLBACK.menu, menu);

  for (const [data, lang] of [
    [CALLBACK.kazakh, 'kk'],
    [CALLBACK.russian, 'ru'],
  ] as const) {
    onButton(data, async (ctx) => {
      const session = await ctx.session;
      session.language = lang;
      await ctx.reply(t(lang, 'language-set'));
      return session.citizenKey || session.consentAt ? menu(ctx) : start(ctx);
    });
  }

  onButton(CALLBACK.agree, async (ctx) => {
    const session = await ctx.session;
    session.consentAt = new Date(deps.clock.now()).toISOString();
    session.flow = { step: 'contact' };
    await ctx.reply(t(session.language, 'bot-ask-contact'), { reply_markup: contactKeyboard(session.language) });
  });

  for (const [data, topic] of [
    [CALLBACK.togglePension, 'pension'],
    [CALLBACK.toggleCoverage, 'coverage'],
  ] as const) {
    onButton(data, async (ctx) => {
      const session = await ctx.session;
      if (!session.citizenKey) return say(ctx, 'bot-need-link');
      session.reminders = { ...session.reminders, [topic]: !session.reminders[topic] };
      await ctx.editMessageReplyMarkup({ reply_markup: remindersKeyboard(session.language, session.reminders) });
    });
  }

  onButton(CALLBACK.forgetConfirm, async (ctx) => {
    const lang = await language(ctx);
    if (ctx.chat) await deps.ledger.forgetChat(ctx.chat.id);
    ctx.session = null;
    telemetry.count('ChatsForgotten');
    await ctx.reply(t(lang, 'forget-done'), { reply_markup: { remove_keyboard: true } });
  });
  onButton(CALLBACK.forgetCancel, async (ctx) => say(ctx, 'forget-cancelled'));

  bot.on('message:contact', async (ctx) => {
    const session = await ctx.session;
    if (!session.consentAt) return start(ctx);
    // Only the sender's own contact proves the phone is theirs (BRIEF 4).
    if (ctx.message.contact.user_id !== ctx.from.id) {
      telemetry.count('LinkForgedContact');
      return ctx.reply(t(session.language, 'bot-contact-not-own'), { reply_markup: contactKeyboard(session.language) });
    }
    session.flow = { step: 'iin', phoneKey: deps.identity.phoneKey(normalisePhone(ctx.message.contact.phone_number)) };
    await ctx.reply(t(session.language, 'bot-ask-iin'), { reply_markup: { remove_keyboard: true } });
  });

  bot.on('message:text', async (ctx, next) => {
    const session = await ctx.session;
    const flow = session.flow;
    if (flow?.step !== 'iin') return next();
    const lang = session.language;
    const iin = ctx.message.text.replace(/[\s-]/g, '');
    const check = checkIin(iin);
    if (!check.valid) return ctx.reply(t(lang, IIN_MISTAKES[check.problem] ?? 'bot-iin-check-digit'));
    const attempts = await deps.attempts.register(ctx.chat.id, kazakhstanDate(deps.clock.now()));
    if (attempts > LINK_ATTEMPTS_PER_DAY) {
      telemetry.count('LinkAttemptsExceeded');
      return ctx.reply(t(lang, 'bot-link-limit'));
    }
    const citizenKey = deps.identity.citizenKey(iin);
    const contacts = (await deps.facts.citizenFacts(citizenKey))
      .filter((fact) => fact.type === 'citizen.contact')
      .map((fact) => toDomainEvent(fact) as CitizenContactEvent);
    // The same answer whether the IIN is unknown or the phone differs: nothing tells whether an IIN exists.
    if (latestOf(contacts)?.data.phone !== flow.phoneKey) {
      telemetry.count('LinkRefused');
      return ctx.reply(t(lang, 'bot-link-refused'));
    }
    Object.assign(session, {
      active: true,
      citizenKey,
      iinMasked: deps.identity.maskIin(iin),
      linkedAt: new Date(deps.clock.now()).toISOString(),
      flow: undefined,
    });
    telemetry.count('ChatsLinked');
    await ctx.reply(t(lang, 'bot-linked', { iinMasked: deps.identity.maskIin(iin) }), { reply_markup: mainMenu(lang) });
  });

  bot.on('message', async (ctx) => {
    const session = await ctx.session;
    if (session.flow?.step === 'contact') {
      return ctx.reply(t(session.language, 'bot-ask-contact'), { reply_markup: contactKeyboard(session.language) });
    }
    await ctx.reply(t(session.language, 'bot-not-understood'), {
      reply_markup: session.citizenKey ? mainMenu(session.language) : consentKeyboard(session.language),
    });
  });

  return bot;
}
