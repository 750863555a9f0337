import type { Bot } from 'grammy';
import { ALLOWED_UPDATES, type BotContext } from './bot';
import { registerCommands } from './commands';

/**
 * The same bot in long-polling mode, for the local stack (a real token against Telegram, or the fake Bot API): the
 * command menus are registered, any webhook is dropped by grammY, and updates are fetched until `bot.stop()`.
 */
export async function startLongPolling(bot: Bot<BotContext>): Promise<{ stopped: Promise<void> }> {
  await bot.init();
  await registerCommands(bot.api);
  const stopped = bot.start({ drop_pending_updates: false, allowed_updates: ALLOWED_UPDATES });
  return { stopped };
}
