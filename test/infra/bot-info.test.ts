import { App } from 'aws-cdk-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readStageContext } from '../../infra/context';
import { registerWebhook } from '../../scripts/register-webhook';
import { StaticSecretSource } from '../../shared/adapters/secrets';
import { FakeTelegram } from '../../tools/fake-telegram';
import { stageContext } from './synth';

let telegram: FakeTelegram;
beforeAll(async () => {
  telegram = await FakeTelegram.start();
});
afterAll(async () => {
  await telegram.stop();
});

describe('botInfo for the stage context', () => {
  it('is what `npm run webhook:register` prints: the getMe result, accepted as context as it is', async () => {
    const secrets = new StaticSecretSource({
      'osms-dev/telegram-bot-token': telegram.token,
      'osms-dev/webhook-secret': 's3cret-token',
    });
    const url = 'https://abc.lambda-url.ap-southeast-1.on.aws/';
    const botInfo = await registerWebhook({ url, stage: 'dev', secrets, apiRoot: telegram.apiRoot });
    const printed = JSON.stringify(botInfo);
    const context = readStageContext(new App({ context: stageContext('dev', { botInfo: printed }) }).node);
    expect(context.botInfo).toEqual(JSON.parse(printed));
  });
});
