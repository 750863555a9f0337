import type { SQSRecord } from 'aws-lambda';
import { systemClock } from '../../shared/adapters/clock';
import { DynamoChatStore } from '../../shared/adapters/dynamodb/chat-store';
import { DynamoNotificationLedger } from '../../shared/adapters/dynamodb/notification-ledger';
import { SecretsManagerSource } from '../../shared/adapters/secrets';
import { TELEGRAM_FREE_MESSAGES_PER_SECOND } from '../../shared/adapters/send-pacer';
import { SqsDeadLetterSink } from '../../shared/adapters/sqs/dead-letters';
import { grammyTelegramSender } from '../../shared/adapters/telegram';
import { senderConfig } from './config';
import { documentClient, eventBridgeScheduler, observability, sqsClient, sqsEntryPoint } from './entry-point';
import { createSender } from './sender';

// Built once per cold start: the sender reads chats, claims notifications in the ledger (one transaction with a check
// on the chat item, so a /forget in between wins), talks to Telegram, and postpones quiet-hour messages onto the notify
// queue. It reads no facts and sends to no other queue.
const config = senderConfig(process.env);
const tools = observability('notify-sender');
const documents = documentClient();
const sqs = sqsClient();
let sender: ((record: SQSRecord) => Promise<void>) | undefined;

/** Notify queue → Telegram. The bot token is read from Secrets Manager on the first invocation, not at import. */
export const handler = sqsEntryPoint(tools, async () => {
  if (sender) return sender;
  // This instance's share of the budget: the event source runs at most SENDER_INSTANCES of us at once.
  const telegram = grammyTelegramSender({
    token: await new SecretsManagerSource().secret(config.TELEGRAM_TOKEN_SECRET_NAME),
    budget: {
      messagesPerSecond: config.SENDER_MESSAGES_PER_SECOND,
      instances: config.SENDER_INSTANCES,
      paidBroadcast: config.ALLOW_PAID_BROADCAST,
    },
  });
  if (!config.ALLOW_PAID_BROADCAST && config.SENDER_MESSAGES_PER_SECOND > TELEGRAM_FREE_MESSAGES_PER_SECOND)
    tools.telemetry.warn('sender budget above the free limit without paid broadcast: paced at the free limit', {
      budget: config.SENDER_MESSAGES_PER_SECOND,
    });
  sender = createSender({
    chats: new DynamoChatStore(documents, config.TABLE_NAME),
    ledger: new DynamoNotificationLedger(documents, config.TABLE_NAME),
    telegram,
    ...(config.ALLOW_PAID_BROADCAST ? { paidBroadcast: telegram.paidBroadcast } : {}),
    scheduler: eventBridgeScheduler({ ...config, targets: { notify: config.NOTIFY_QUEUE_ARN } }),
    clock: systemClock,
    deadLetters: new SqsDeadLetterSink(sqs, config.DEAD_LETTER_QUEUES),
    telemetry: tools.telemetry,
  });
  return sender;
});
