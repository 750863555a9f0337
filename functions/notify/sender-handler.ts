import type { SQSRecord } from 'aws-lambda';
import { systemClock } from '../../shared/adapters/clock';
import { DynamoChatStore } from '../../shared/adapters/dynamodb/chat-store';
import { DynamoNotificationLedger } from '../../shared/adapters/dynamodb/notification-ledger';
import { SecretsManagerSource } from '../../shared/adapters/secrets';
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
  sender ??= createSender({
    chats: new DynamoChatStore(documents, config.TABLE_NAME),
    ledger: new DynamoNotificationLedger(documents, config.TABLE_NAME),
    telegram: grammyTelegramSender({
      token: await new SecretsManagerSource().secret(config.TELEGRAM_TOKEN_SECRET_NAME),
    }),
    scheduler: eventBridgeScheduler({ ...config, targets: { notify: config.NOTIFY_QUEUE_ARN } }),
    clock: systemClock,
    deadLetters: new SqsDeadLetterSink(sqs, config.DEAD_LETTER_QUEUES),
    telemetry: tools.telemetry,
  });
  return sender;
});
