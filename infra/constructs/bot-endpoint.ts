import * as lambda from 'aws-cdk-lib/aws-lambda';
import type * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { BotInfo } from '../../shared/contracts/config';
import { ENV } from '../../shared/contracts/environment';
import { TABLE_ACCESS } from '../access';
import type { DataTable } from './data-table';
import { HouseFunction } from './house-function';
import type { MessageQueue } from './message-queue';
import type { StageSecret } from './stage-secrets';

export interface BotEndpointProps {
  stage: 'dev' | 'prod';
  logRetention: logs.RetentionDays;
  table: DataTable;
  secrets: { identity: StageSecret; botToken: StageSecret; webhook: StageSecret };
  /** The one queue it sends to: `chat_returned`, so the due handler delivers what a blocked chat missed. */
  due: MessageQueue;
  /** The bot's getMe result from the stage's context: the webhook never calls getMe. */
  botInfo: BotInfo;
  /** The bot operator's support contact, shown in security notices. */
  supportContact: string;
}

/**
 * The Telegram webhook: the bot function behind a Function URL. Telegram cannot sign requests; the handler checks the
 * secret-token header (the secret is in Secrets Manager) before any other work. Its table access is the least of all
 * functions (infra/access.ts); the only queue it sends to is the due queue (a returned chat).
 */
export class BotEndpoint extends Construct {
  readonly fn: HouseFunction;
  readonly url: lambda.FunctionUrl;

  constructor(scope: Construct, id: string, props: BotEndpointProps) {
    super(scope, id);
    const { secrets } = props;
    // Reserved concurrency caps what a flood can cost (the per-chat limiter is per instance: docs/bot.md).
    this.fn = new HouseFunction(this, 'Bot', {
      entry: 'functions/bot/handler.ts',
      serviceName: 'bot',
      stage: props.stage,
      logRetention: props.logRetention,
      withMessages: true,
      reservedConcurrentExecutions: 20,
    })
      .bindTable(props.table, TABLE_ACCESS.bot)
      .bindSecret(secrets.webhook, ENV.webhookSecretName)
      .bindSecret(secrets.identity, ENV.identitySecretName)
      .bindSecret(secrets.botToken, ENV.telegramTokenSecretName)
      .bindQueue(props.due, { url: ENV.dueQueueUrl })
      .setVariable(ENV.botInfo, JSON.stringify(props.botInfo))
      .setVariable(ENV.supportContact, props.supportContact);
    this.url = this.fn.addFunctionUrl({ authType: lambda.FunctionUrlAuthType.NONE });
  }
}
