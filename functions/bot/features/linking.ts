import { Composer, GrammyError } from 'grammy';
import { LINK_ATTEMPTS_PER_DAY, type LinkResult, linkChat } from '../../../shared/app/link-chat';
import type { IinProblem } from '../../../shared/domain/iin';
import type { MessageKey } from '../../../shared/messages/render';
import { type BotContext, type BotDependencies, isCommand } from '../context';
import { CALLBACK, consentKeyboard, contactKeyboard, mainMenu, t } from '../screens';

/** Telegram sends a contact's number with or without `+`; the phone of record is E.164 (`+7…`). */
export function normalisePhone(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return `+${digits.length === 11 && digits.startsWith('8') ? `7${digits.slice(1)}` : digits}`;
}

const IIN_MISTAKES: Record<IinProblem, MessageKey> = {
  not_12_digits: 'bot-iin-not-12-digits',
  century_digit: 'bot-iin-century-digit',
  birth_date: 'bot-iin-birth-date',
  check_digit_mismatch: 'bot-iin-check-digit',
  check_digit_undefined: 'bot-iin-check-digit',
};

/**
 * `/start`: the menu for a linked chat; otherwise the greeting, then the personal-data notice (who runs the bot, what
 * is kept, `/forget`, `/privacy`) and the consent button.
 */
export async function greet(ctx: BotContext, support: string) {
  const session = await ctx.session;
  const lang = session.language;
  if (session.citizenKey) return ctx.reply(t(lang, 'bot-menu'), { reply_markup: mainMenu(lang) });
  const consent = t(lang, 'bot-consent', { support });
  return ctx.reply(`${t(lang, 'bot-welcome')}\n\n${consent}`, { reply_markup: consentKeyboard(lang) });
}

/** The security notice to a chat already linked to the citizen; a chat that blocked the bot is marked inactive. */
function noticeLinkedElsewhere(ctx: BotContext, deps: BotDependencies) {
  return async (chat: { chatId: number; language: 'kk' | 'ru' }) => {
    const text = t(chat.language, 'bot-linked-elsewhere', { support: deps.supportContact });
    try {
      await ctx.api.sendMessage(chat.chatId, text);
    } catch (error) {
      if (error instanceof GrammyError && error.error_code === 403) await deps.chats.markInactive(chat.chatId);
      throw error;
    }
  };
}

async function answerLink(ctx: BotContext, deps: BotDependencies, result: LinkResult, attemptsMade: number) {
  const session = await ctx.session;
  const lang = session.language;
  const { telemetry } = deps;
  switch (result.outcome) {
    case 'invalid_iin':
      return ctx.reply(t(lang, IIN_MISTAKES[result.problem]));
    case 'limit_reached':
      telemetry.count('LinkAttemptsExceeded');
      return ctx.reply(t(lang, 'bot-link-limit'));
    case 'refused':
      telemetry.count('LinkRefused');
      return ctx.reply(
        t(lang, 'bot-link-refused', { attemptsLeft: Math.max(LINK_ATTEMPTS_PER_DAY - attemptsMade, 0) }),
      );
    case 'linked':
      Object.assign(session, { ...result.link, active: true, flow: undefined });
      telemetry.count('ChatsLinked');
      if (result.notices.sent > 0) telemetry.count('LinkNoticesSent');
      if (result.notices.failed > 0) telemetry.count('LinkNoticesFailed');
      return ctx.reply(t(lang, 'bot-linked', { iinMasked: result.link.iinMasked }), { reply_markup: mainMenu(lang) });
  }
}

/**
 * Linking a chat to a citizen (BRIEF 4): consent, the citizen's own contact, the IIN; the rule itself (phone of
 * record, attempts, the notice to other chats) is `linkChat` in `shared/app/link-chat.ts`.
 */
export function linking(deps: BotDependencies): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const start = (ctx: BotContext) => greet(ctx, deps.supportContact);
  feature.command('start', start);

  feature.callbackQuery(CALLBACK.agree, async (ctx) => {
    await ctx.answerCallbackQuery();
    const session = await ctx.session;
    session.consentAt = new Date(deps.clock.now()).toISOString();
    session.flow = { step: 'contact' };
    await ctx.reply(t(session.language, 'bot-ask-contact'), { reply_markup: contactKeyboard(session.language) });
  });

  feature.on('message:contact', async (ctx) => {
    const session = await ctx.session;
    if (!session.consentAt) return start(ctx);
    // Only the sender's own contact proves the phone is theirs (BRIEF 4).
    if (ctx.message.contact.user_id !== ctx.from.id) {
      deps.telemetry.count('LinkForgedContact');
      return ctx.reply(t(session.language, 'bot-contact-not-own'), { reply_markup: contactKeyboard(session.language) });
    }
    session.flow = { step: 'iin', phoneKey: deps.identity.phoneKey(normalisePhone(ctx.message.contact.phone_number)) };
    await ctx.reply(t(session.language, 'bot-ask-iin'), { reply_markup: { remove_keyboard: true } });
  });

  feature.on('message:text', async (ctx, next) => {
    const flow = (await ctx.session).flow;
    if (flow?.step !== 'iin' || isCommand(ctx)) return next();
    // The attempts made today, as counted while matching: the refusal says how many are left.
    let attemptsMade = 0;
    const attempts = {
      register: async (chatId: number, day: string) => {
        attemptsMade = await deps.attempts.register(chatId, day);
        return attemptsMade;
      },
    };
    const result = await linkChat(
      { ...deps, attempts, noticeLinkedElsewhere: noticeLinkedElsewhere(ctx, deps) },
      { chatId: ctx.chat.id, iinText: ctx.message.text, phoneKey: flow.phoneKey },
    );
    await answerLink(ctx, deps, result, attemptsMade);
  });

  // Waiting for the contact: anything but a command or the contact asks for it again.
  feature.on('message', async (ctx, next) => {
    const session = await ctx.session;
    if (session.flow?.step !== 'contact' || isCommand(ctx)) return next();
    await ctx.reply(t(session.language, 'bot-ask-contact'), { reply_markup: contactKeyboard(session.language) });
  });
  return feature;
}
