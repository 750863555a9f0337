import { timingSafeEqual } from 'node:crypto';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SQSClient } from '@aws-sdk/client-sqs';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import middy, { type MiddlewareObj } from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { type Bot, webhookCallback } from 'grammy';
import { systemClock } from '../../shared/adapters/clock';
import { DynamoLinkAttempts } from '../../shared/adapters/dynamodb/attempts';
import { DynamoChatStore } from '../../shared/adapters/dynamodb/chat-store';
import { DynamoFactStore } from '../../shared/adapters/dynamodb/fact-store';
import { DynamoNotificationLedger } from '../../shared/adapters/dynamodb/notification-ledger';
import { HmacIdentity } from '../../shared/adapters/identity';
import { dueQueueChatReturns } from '../../shared/adapters/queues';
import type { SecretSource } from '../../shared/adapters/secrets';
import { SqsDueQueue } from '../../shared/adapters/sqs/queues';
import { powertoolsTelemetry } from '../../shared/adapters/telemetry';
import type { Telemetry } from '../../shared/app/ports';
import { METRICS_NAMESPACE } from '../../shared/contracts/environment';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import { type BotContext, createBot } from './bot';
import { type BotConfig, botConfig } from './config';

type WebhookEvent = APIGatewayProxyEventV2;
type WebhookResult = APIGatewayProxyStructuredResultV2;
type Webhook = (event: WebhookEvent, context: Context) => Promise<WebhookResult>;

const SECRET_HEADER = 'x-telegram-bot-api-secret-token';
const UNAUTHORIZED: WebhookResult = { statusCode: 401, body: 'unauthorized' };
/** Secrets Manager could not be read: Telegram retries a 5xx later, and nothing was read from the update. */
const UNAVAILABLE: WebhookResult = { statusCode: 503, body: 'unavailable' };

/** Constant-time comparison of the webhook secret (API Gateway and Function URLs lowercase header names). */
export function hasValidSecret(headers: Record<string, string | undefined> | undefined, secret: string): boolean {
  const sent = Object.entries(headers ?? {}).find(([name]) => name.toLowerCase() === SECRET_HEADER)?.[1];
  if (!sent) return false;
  const a = Buffer.from(sent);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * The first middleware: the secret header, before any other middleware or the bot does work. Its early answer ends
 * the request (middy skips every later middleware and the handler). Only the webhook secret is read here, from the
 * secret source's cache after the first request.
 */
export function secretFirst(
  webhookSecret: () => Promise<string>,
  logger: Logger,
): MiddlewareObj<WebhookEvent, WebhookResult> {
  return {
    before: async (request) => {
      let secret: string;
      try {
        secret = await webhookSecret();
      } catch (error) {
        logger.error('webhook secret unavailable', { error: (error as Error).name });
        return UNAVAILABLE;
      }
      return hasValidSecret(request.event.headers, secret) ? undefined : UNAUTHORIZED;
    },
  };
}

/** The cloud's bot: DynamoDB, the due queue, the identity key; built after the first request passed the check. */
async function cloudBot(config: BotConfig, secrets: SecretSource, telemetry: Telemetry): Promise<Bot<BotContext>> {
  const [token, identitySecret] = await Promise.all([
    secrets.secret(config.TELEGRAM_TOKEN_SECRET_NAME),
    secrets.secret(config.IDENTITY_SECRET_NAME),
  ]);
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const table = config.TABLE_NAME;
  return createBot(
    token,
    {
      facts: new DynamoFactStore(documents, table),
      chats: new DynamoChatStore(documents, table),
      attempts: new DynamoLinkAttempts(documents, table),
      ledger: new DynamoNotificationLedger(documents, table),
      identity: new HmacIdentity(identitySecret),
      calendar: kazakhstanCalendar(),
      clock: systemClock,
      telemetry,
      supportContact: config.SUPPORT_CONTACT,
      chatReturns: dueQueueChatReturns(new SqsDueQueue(new SQSClient({}), config.DUE_QUEUE_URL)),
    },
    {
      botInfo: config.BOT_INFO,
      deduplicateUpdates: true,
      ...(config.TELEGRAM_API_ROOT ? { apiRoot: config.TELEGRAM_API_ROOT } : {}),
    },
  );
}

export interface WebhookParts {
  /** The current webhook secret (a cached secret source: a rotated secret is picked up without a new instance). */
  webhookSecret: () => Promise<string>;
  /** Builds the bot once, on the first request that passed the secret check. */
  bot: () => Promise<Bot<BotContext>>;
  logger: Logger;
  metrics: Metrics;
}

/**
 * The webhook as middy runs it: the secret check first (its early answer skips every later middleware and the bot),
 * then the Powertools logger context and metrics, then grammY's Lambda adapter. The local stack serves the same
 * handler at `POST /telegram/webhook`.
 */
export function makeWebhook(parts: WebhookParts) {
  let ready: Promise<Webhook> | undefined;
  const handle: Webhook = async (event, context) => {
    ready ??= parts.bot().then(
      // The secret was checked by `secretFirst`; grammY types the Lambda adapter's answer loosely (it resolves to
      // `{ statusCode, headers?, body? }`).
      (bot) => webhookCallback(bot, 'aws-lambda-async') as unknown as Webhook,
      (error: unknown) => {
        ready = undefined;
        throw error;
      },
    );
    return (await ready)(event, context);
  };
  return middy<WebhookEvent, WebhookResult>(handle)
    .use(secretFirst(parts.webhookSecret, parts.logger))
    .use(injectLambdaContext(parts.logger))
    .use(logMetrics(parts.metrics, { captureColdStartMetric: true }));
}

/**
 * The Telegram webhook Lambda (Function URL). A request without the right secret header gets 401 before anything
 * else runs: no other secret is read, no logger context, no metric, no update parsed. `getMe` is never called (the
 * bot's identity comes from `BOT_INFO`). The bot answers within the request and waits on nothing slow. No X-Ray
 * tracer: the bot runs without tracing (docs/bot.md, "Tracing").
 */
export function makeHandler(environment: NodeJS.ProcessEnv, secrets: SecretSource) {
  const config = botConfig(environment);
  const logger = new Logger({ serviceName: 'bot' });
  const metrics = new Metrics({ serviceName: 'bot', namespace: METRICS_NAMESPACE });
  return makeWebhook({
    webhookSecret: () => secrets.secret(config.WEBHOOK_SECRET_NAME),
    bot: () => cloudBot(config, secrets, powertoolsTelemetry(logger, metrics)),
    logger,
    metrics,
  });
}
