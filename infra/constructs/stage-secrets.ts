import { type RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';

/** A secret the stack made, with its literal name (a CDK token would hide the name from operators). */
export interface StageSecret {
  secret: secretsmanager.ISecret;
  name: string;
}

/** The three secrets of a stage; values are set by operators (docs/deploy.md), the names are literal. */
export class StageSecrets extends Construct {
  readonly botToken: StageSecret;
  readonly webhook: StageSecret;
  readonly identity: StageSecret;

  constructor(scope: Construct, id: string, props: { stage: string; removalPolicy: RemovalPolicy }) {
    super(scope, id);
    const secret = (secretId: string, generate: boolean): StageSecret => {
      const name = `osms-${props.stage}/${secretId.replace(/[A-Z]/g, (c, i) => `${i ? '-' : ''}${c.toLowerCase()}`)}`;
      const created = new secretsmanager.Secret(this, secretId, {
        secretName: name,
        removalPolicy: props.removalPolicy,
        ...(generate ? { generateSecretString: { passwordLength: 48, excludePunctuation: true } } : {}),
      });
      Validations.of(created).acknowledge({
        id: 'AwsSolutions-SMG4',
        reason:
          'Rotation is an operator procedure (docs/deploy.md): the bot token is issued by BotFather, the webhook secret must be re-registered with Telegram, and a new HMAC key means re-keying the table.',
      });
      return { secret: created, name };
    };
    this.botToken = secret('TelegramBotToken', false);
    this.webhook = secret('WebhookSecret', true);
    this.identity = secret('IdentityHmacKey', true);
  }
}
