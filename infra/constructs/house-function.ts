import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type { Construct } from 'constructs';
import { ENV, type EnvironmentVariable, METRICS_NAMESPACE } from '../../shared/contracts/environment';
import { bundling } from './bundling';
import type { DataTable, TableAccess } from './data-table';
import type { MessageQueue } from './message-queue';
import type { StageSecret } from './stage-secrets';

export interface HouseFunctionProps {
  entry: string;
  serviceName: string;
  stage: string;
  memorySize?: number;
  timeout?: Duration;
  logRetention: logs.RetentionDays;
  /** Copy the Fluent message files next to the bundle. */
  withMessages?: boolean;
  reservedConcurrentExecutions?: number;
}

/**
 * The one way we make a Lambda function (model: Powertools' function-with-logstream construct): Node.js 24 on ARM64,
 * a minified ESM bundle with the AWS SDK inside (infra/constructs/bundling.ts; its source map is kept in the asset but
 * not loaded: no `--enable-source-maps`), an explicit memory and timeout, its own log group with retention, Lambda's
 * active tracing (no X-Ray SDK in the bundle: docs/architecture.md), and the Powertools environment. The `bind…`
 * helpers set a variable (named by shared/contracts/environment.ts) and grant exactly what it is for, together.
 */
export class HouseFunction extends NodejsFunction {
  readonly entry: string; // the source file the bundle is built from

  constructor(scope: Construct, id: string, props: HouseFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention,
      removalPolicy: props.stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    super(scope, id, {
      entry: props.entry,
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      reservedConcurrentExecutions: props.reservedConcurrentExecutions,
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: METRICS_NAMESPACE,
        POWERTOOLS_LOG_LEVEL: props.stage === 'prod' ? 'INFO' : 'DEBUG',
      },
      bundling: bundling(props.withMessages ?? false),
    });
    this.entry = props.entry;
    // Each acknowledgement names the exact finding (cdk-nag v3 `Rule[evidence]`) and why it is acceptable.
    this.acknowledge(
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'AWSLambdaBasicExecutionRole only lets the function write to its own log streams.',
    );
    this.acknowledge(
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray PutTraceSegments/PutTelemetryRecords have no resource-level permissions.',
    );
  }

  acknowledge(id: string, reason: string): this {
    Validations.of(this).acknowledge({ id, reason });
    return this;
  }

  setVariable(variable: EnvironmentVariable, value: string): this {
    this.addEnvironment(variable, value);
    return this;
  }

  /** `TABLE_NAME`, and exactly the item actions, key prefixes and indexes in `access`. */
  bindTable(table: DataTable, access: TableAccess): this {
    table.grant(this, access);
    return this.setVariable(ENV.tableName, table.table.tableName);
  }

  /** A queue the function sends to: its URL (and ARN, when named) and `SendMessage` on it. */
  bindQueue(queue: MessageQueue, variables: { url: EnvironmentVariable; arn?: EnvironmentVariable }): this {
    queue.grantSend(this);
    this.setVariable(variables.url, queue.queue.queueUrl);
    if (variables.arn) this.setVariable(variables.arn, queue.queue.queueArn);
    return this;
  }

  /** A secret the function reads: its name, and `GetSecretValue` on it alone. */
  bindSecret(secret: StageSecret, variable: EnvironmentVariable): this {
    secret.secret.grantRead(this);
    return this.setVariable(variable, secret.name);
  }

  /** `DEAD_LETTER_QUEUES` (source queue ARN → DLQ URL) for the queues it consumes, and sending to those DLQs. */
  bindDeadLetters(queues: readonly MessageQueue[]): this {
    const map = Object.fromEntries(queues.map((q) => [q.queue.queueArn, q.deadLetterQueue.queueUrl]));
    for (const q of queues) q.grantSendDeadLetters(this);
    return this.setVariable(ENV.deadLetterQueues, this.stack.toJsonString(map));
  }

  /** Consumes a queue with partial batch responses and bounded concurrency. */
  consume(queue: MessageQueue, options: { maxConcurrency: number; batchSize?: number }): this {
    this.addEventSource(
      new SqsEventSource(queue.queue, {
        batchSize: options.batchSize ?? 10,
        reportBatchItemFailures: true,
        maxConcurrency: options.maxConcurrency,
      }),
    );
    // The redrive into the KMS-encrypted DLQ runs with the consumer's permissions.
    queue.grantDeadLetterKey(this);
    return this;
  }
}
