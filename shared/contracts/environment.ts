/**
 * The names of every environment variable a function reads: `infra/` sets them and `functions/*\/config.ts` reads them
 * through these constants, so a rename cannot leave one side behind. Values are documented in each config schema.
 */
export const ENV = {
  /** The one DynamoDB table. */
  tableName: 'TABLE_NAME',
  /** Secrets Manager name of the HMAC identity key (IIN and phone keys). */
  identitySecretName: 'IDENTITY_SECRET_NAME',
  /** Secrets Manager name of the Telegram bot token. */
  telegramTokenSecretName: 'TELEGRAM_TOKEN_SECRET_NAME',
  /** Secrets Manager name of the webhook secret-token (checked before any other work). */
  webhookSecretName: 'WEBHOOK_SECRET_NAME',
  /** Only for the local stack and tests: a Bot API root on 127.0.0.1 instead of Telegram. */
  telegramApiRoot: 'TELEGRAM_API_ROOT',
  /** JSON of the bot's `getMe` result, so the webhook never calls `getMe`. */
  botInfo: 'BOT_INFO',
  /** The bot operator's support contact, shown in security notices. */
  supportContact: 'SUPPORT_CONTACT',
  /** JSON object: source queue ARN → its dead-letter queue URL. */
  deadLetterQueues: 'DEAD_LETTER_QUEUES',
  /** JSON object: upstream queue ARN → upstream queue name (`payments` | `pension` | `dkk`). */
  upstreamQueues: 'UPSTREAM_QUEUES',
  changesQueueUrl: 'CHANGES_QUEUE_URL',
  changesQueueArn: 'CHANGES_QUEUE_ARN',
  dueQueueUrl: 'DUE_QUEUE_URL',
  dueQueueArn: 'DUE_QUEUE_ARN',
  notifyQueueUrl: 'NOTIFY_QUEUE_URL',
  notifyQueueArn: 'NOTIFY_QUEUE_ARN',
  /** The return-order (outbound FIFO) queue: only the due handler has it. */
  outboundQueueUrl: 'OUTBOUND_QUEUE_URL',
  /** The `source` of the events we send to the operator. */
  outboundSource: 'OUTBOUND_SOURCE',
  scheduleGroup: 'SCHEDULE_GROUP',
  schedulerRoleArn: 'SCHEDULER_ROLE_ARN',
  schedulerDlqArn: 'SCHEDULER_DLQ_ARN',
  /** The sender's share of the bot's Telegram budget, messages per second over all sender instances (default 27). */
  senderMessagesPerSecond: 'SENDER_MESSAGES_PER_SECOND',
  /** How many sender instances may run at once (the event source's maximum concurrency): each paces to its share. */
  senderInstances: 'SENDER_INSTANCES',
  /** `true` lets mass coverage notices use Telegram's paid broadcast (`allow_paid_broadcast`); off by default. */
  allowPaidBroadcast: 'ALLOW_PAID_BROADCAST',
} as const;

export type EnvironmentVariable = (typeof ENV)[keyof typeof ENV];

/** A queue the functions send to: its URL and ARN variables come as a pair. */
export const QUEUE_VARIABLES = {
  changes: { url: ENV.changesQueueUrl, arn: ENV.changesQueueArn },
  due: { url: ENV.dueQueueUrl, arn: ENV.dueQueueArn },
  notify: { url: ENV.notifyQueueUrl, arn: ENV.notifyQueueArn },
} as const;

/** Metrics the functions emit and the alarms watch (namespace {@link METRICS_NAMESPACE}). */
export const METRICS_NAMESPACE = 'OsmsBot';
export const METRIC = {
  /** The HMAC identity secret is missing or empty: nothing can be keyed until an operator sets it. */
  identitySecretMissing: 'IdentitySecretMissing',
  /**
   * An upstream record was dead-lettered; dimension `producer` (a producer name or `unknown`). Other dimensions may
   * come with it (`reason`): the per-producer alarms sum over them (infra/constructs/metrics.ts).
   */
  messagesRejected: 'MessagesRejected',
  /** Measured by the daily reconciliation: review items (conflicting versions) waiting for an operator. */
  reviewItemsOpen: 'ReviewItemsOpen',
  /** A conflicting version was kept and froze what it touches (counted by the ingest, dimension `producer`). */
  reviewItemsOpened: 'ReviewItemsOpened',
} as const;
export const PRODUCER_DIMENSION = 'producer';
