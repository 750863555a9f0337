import { parseArgs } from 'node:util';
import { Api } from 'grammy';
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
 * After each deploy: points Telegram at the webhook with the secret token, and registers the command menus in Kazakh
 * (also the default) and Russian. Idempotent — running it twice changes nothing.
 */
export async function registerWebhook(options: WebhookRegistration): Promise<void> {
  const [token, secret] = await Promise.all([
    options.secrets.secret(`osms-${options.stage}/telegram-bot-token`),
    options.secrets.secret(`osms-${options.stage}/webhook-secret`),
  ]);
  const api = new Api(token, options.apiRoot ? { apiRoot: options.apiRoot } : {});
  await api.setWebhook(options.url, {
    secret_token: secret,
    allowed_updates: ['message', 'callback_query'],
    drop_pending_updates: false,
    max_connections: 40,
  });
  await registerCommands(api);
}

if (process.argv[1]?.endsWith('register-webhook.ts')) {
  const { values } = parseArgs({ options: { url: { type: 'string' }, stage: { type: 'string', default: 'dev' } } });
  if (!values.url) {
    process.stderr.write('usage: npm run webhook:register -- --url <WebhookUrl output> [--stage dev|prod]\n');
    process.exit(2);
  }
  await registerWebhook({ url: values.url, stage: values.stage ?? 'dev', secrets: new SecretsManagerSource(0) });
  process.stdout.write(`webhook registered for ${values.stage}\n`);
}
