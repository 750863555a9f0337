import { timingSafeEqual } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { webhookCallback } from 'grammy';
import { systemClock } from '../../shared/adapters/clock';
import { DynamoLinkAttempts } from '../../shared/adapters/dynamodb/attempts';
import { DynamoChatStore } from '../../shared/adapters/dynamodb/chat-store';
import { DynamoFactStore } from '../../shared/adapters/dynamodb/fact-store';
import { DynamoNotificationLedger } from '../../shared/adapters/dynamodb/work-store';
import { HmacIdentity } from '../../shared/adapters/identity';
import { type SecretSource, SecretsManagerSource } from '../../shared/adapters/secrets';
import { powertoolsTelemetry } from '../../shared/adapters/telemetry';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import { createBot } from './bot';
import { botConfig } from './config';

type Webhook = (event: APIGatewayProxyEventV2, context: Context) => Promise<APIGatewayProxyStructuredResultV2>;

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';

/** Constant-time comparison of the webhook secret (API Gateway and Function URLs lowercase header names). */
export function hasValidSecret(headers: Record<string, string | undefined> | undefined, secret: string): boolean {
  const sent = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === SECRET_HEADER)?.[1];
  if (!sent) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** Builds the webhook once per cold start: secrets, stores, the bot (one getMe) and grammY's Lambda adapter. */
export async function createWebhook(
  environment: NodeJS.ProcessEnv,
  secrets: SecretSource,
): Promise<{ webhook: Webhook; secret: string }> {
  const config = botConfig(environment);
  const [token, secret, identitySecret] = await Promise.all([
    secrets.secret(config.TELEGRAM_TOKEN_SECRET_NAME),
    secrets.secret(config.WEBHOOK_SECRET_NAME),
    secrets.secret(config.IDENTITY_SECRET_NAME),
  ]);
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const logger = new Logger({ serviceName: 'bot' });
  const metrics = new Metrics({ serviceName: 'bot', namespace: 'OsmsBot' });
  const bot = createBot(
    token,
    {
      facts: new DynamoFactStore(documents, config.TABLE_NAME),
      chats: new DynamoChatStore(documents, config.TABLE_NAME),
      attempts: new DynamoLinkAttempts(documents, config.TABLE_NAME),
      ledger: new DynamoNotificationLedger(documents, config.TABLE_NAME),
      identity: new HmacIdentity(identitySecret),
      calendar: kazakhstanCalendar(),
      clock: systemClock,
      telemetry: powertoolsTelemetry(logger, metrics),
    },
    config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {},
  );
  await bot.init();
  const callback = webhookCallback(bot, 'aws-lambda-async', { secretToken: secret }) as unknown as Webhook;
  const webhook: Webhook = async (event, context) => {
    try {
      return await callback(event, context);
    } finally {
      metrics.publishStoredMetrics();
    }
  };
  return { webhook, secret };
}

/**
 * The Telegram webhook (Lambda Function URL / HTTP API). A request without the right secret header gets 401 before
 * any update is read; the bot answers within the request and never waits on anything slow.
 */
export function makeHandler(environment: NodeJS.ProcessEnv, secrets: SecretSource): Webhook {
  let ready: Promise<{ webhook: Webhook; secret: string }> | undefined;
  return async (event, context) => {
    ready ??= createWebhook(environment, secrets).catch((error: unknown) => {
      ready = undefined;
      throw error;
    });
    const { webhook, secret } = await ready;
    if (!hasValidSecret(event.headers, secret)) return { statusCode: 401, body: 'unauthorized' };
    return webhook(event, context);
  };
}

export const handler = makeHandler(process.env, new SecretsManagerSource());
