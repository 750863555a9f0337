import { parseArgs } from 'node:util';
import { Api } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import { registerCommands } from '../functions/bot/commands';
import { type SecretSource, SecretsManagerSource } from '../shared/adapters/secrets';

export interface WebhookRegistration {
  /** The stack output `WebhookUrl`. */
  url: string;
  stage: string;
  secrets: SecretSource;
  /** Only for tests: a Bot API on 127.0.0.1. */
  apiRoot?: string;
}

/**
 * Telegram's updates the bot handles: messages, buttons, and `my_chat_member` (blocked / unblocked: a chat's
 * lifecycle, issue 12 item 4).
 */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;

/**
 * After each deploy: points Telegram at the webhook with the secret token, and registers the command menus in Kazakh
 * (also the default) and Russian. Idempotent — running it twice changes nothing. Returns the bot's `getMe` result: the
 * stage's context `botInfo` (docs/deploy.md), so that the webhook itself never calls `getMe`.
 */
export async function registerWebhook(options: WebhookRegistration): Promise<UserFromGetMe> {
  const [token, secret] = await Promise.all([
    options.secrets.secret(`osms-${options.stage}/telegram-bot-token`),
    options.secrets.secret(`osms-${options.stage}/webhook-secret`),
  ]);
  const api = new Api(token, options.apiRoot ? { apiRoot: options.apiRoot } : {});
  await api.setWebhook(options.url, {
    secret_token: secret,
    allowed_updates: [...ALLOWED_UPDATES],
    drop_pending_updates: false,
    max_connections: 40,
  });
  await registerCommands(api);
  return api.getMe();
}

if (process.argv[1]?.endsWith('register-webhook.ts')) {
  const { values } = parseArgs({ options: { url: { type: 'string' }, stage: { type: 'string', default: 'dev' } } });
  if (!values.url) {
    process.stderr.write('usage: npm run webhook:register -- --url <WebhookUrl output> [--stage dev|prod]\n');
    process.exit(2);
  }
  const stage = values.stage ?? 'dev';
  const botInfo = await registerWebhook({ url: values.url, stage, secrets: new SecretsManagerSource(0) });
  process.stdout.write(`webhook registered for ${stage}\n`);
  // Public facts about the bot (its id, username and capability flags), nothing secret.
  process.stdout.write(`context botInfo for ${stage} (cdk.context.json or -c botInfo='…'):\n`);
  process.stdout.write(`${JSON.stringify(botInfo)}\n`);
}
