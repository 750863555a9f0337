import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerWebhook } from '../../scripts/register-webhook';
import { StaticSecretSource } from '../../shared/adapters/secrets';
import { FakeTelegram } from '../../tools/fake-telegram';

let telegram: FakeTelegram;
beforeAll(async () => {
  telegram = await FakeTelegram.start();
});
afterAll(async () => {
  await telegram.stop();
});

describe('post-deploy webhook registration', () => {
  it('sets the webhook with the secret token and the command menus, idempotently', async () => {
    const secrets = new StaticSecretSource({
      'osms-dev/telegram-bot-token': telegram.token,
      'osms-dev/webhook-secret': 's3cret-token',
    });
    const url = 'https://abc.lambda-url.ap-southeast-1.on.aws/';
    await registerWebhook({ url, stage: 'dev', secrets, apiRoot: telegram.apiRoot });
    await registerWebhook({ url, stage: 'dev', secrets, apiRoot: telegram.apiRoot });
    expect(telegram.webhookUrl).toBe(url);
    expect(Object.keys(telegram.commands).sort()).toEqual(['', 'kk', 'ru']);
    // The bot's commands, /privacy among them (issue 14 item 3).
    expect(telegram.commands.ru?.map((command: { command: string }) => command.command)).toContain('privacy');
    expect(telegram.commands.ru).toHaveLength(9);
  });
});
