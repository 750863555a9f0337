import type { Api } from 'grammy';
import type { BotCommand } from 'grammy/types';
import type { Language } from '../../shared/messages/format';
import { type MessageKey, renderMessage } from '../../shared/messages/render';

const COMMANDS = ['start', 'status', 'payments', 'case', 'reminders', 'language', 'help', 'privacy', 'forget'] as const;

export function botCommands(language: Language): BotCommand[] {
  return COMMANDS.map((command) => ({
    command,
    description: renderMessage(language, `command-${command}` as MessageKey),
  }));
}

/**
 * Registers the command menu per language (`language_code` kk and ru) and Kazakh as the default. Idempotent: run it
 * after every deploy (scripts) and when the local bot starts.
 */
export async function registerCommands(api: Api): Promise<void> {
  await api.setMyCommands(botCommands('kk'));
  await api.setMyCommands(botCommands('kk'), { language_code: 'kk' });
  await api.setMyCommands(botCommands('ru'), { language_code: 'ru' });
}
