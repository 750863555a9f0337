import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as secretsmanager from 'aws-cdk-lib/aws-secretsmanager';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';

export interface HouseFunctionProps {
  entry: string;
  handler: string;
  serviceName: string;
  stage: string;
  memorySize?: number;
  timeout?: Duration;
  logRetention: logs.RetentionDays;
  /** Copy the Fluent message files next to the bundle (functions that render messages). */
  withMessages?: boolean;
  reservedConcurrentExecutions?: number;
}

/**
 * The one way we make a Lambda function (model: Powertools' function-with-logstream construct): Node.js 24 on ARM64,
 * a minified ESM bundle with source maps and the AWS SDK inside, an explicit memory and timeout, its own log group
 * with retention, X-Ray tracing, and the Powertools environment. `bind…` helpers grant and set the variable together.
 */
export class HouseFunction extends nodejs.NodejsFunction {
  constructor(scope: Construct, id: string, props: HouseFunctionProps) {
    const logGroup = new logs.LogGroup(scope, `${id}Logs`, {
      retention: props.logRetention,
      removalPolicy: props.stage === 'prod' ? RemovalPolicy.RETAIN : RemovalPolicy.DESTROY,
    });
    super(scope, id, {
      entry: props.entry,
      handler: props.handler,
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: props.memorySize ?? 512,
      timeout: props.timeout ?? Duration.seconds(30),
      tracing: lambda.Tracing.ACTIVE,
      logGroup,
      ...(props.reservedConcurrentExecutions
        ? { reservedConcurrentExecutions: props.reservedConcurrentExecutions }
        : {}),
      environment: {
        POWERTOOLS_SERVICE_NAME: props.serviceName,
        POWERTOOLS_METRICS_NAMESPACE: 'OsmsBot',
        POWERTOOLS_LOG_LEVEL: props.stage === 'prod' ? 'INFO' : 'DEBUG',
        NODE_OPTIONS: '--enable-source-maps',
      },
      bundling: {
        format: nodejs.OutputFormat.ESM,
        target: 'node24',
        minify: true,
        sourceMap: true,
        // ESM bundles of CommonJS dependencies need `require`.
        banner: "import{createRequire}from'module';const require=createRequire(import.meta.url);",
        externalModules: [],
        ...(props.withMessages
          ? {
              commandHooks: {
                beforeBundling: () => [],
                beforeInstall: () => [],
                afterBundling: (inputDir: string, outputDir: string) => [
                  `cp ${inputDir}/shared/messages/kk.ftl ${inputDir}/shared/messages/ru.ftl ${outputDir}/`,
                ],
              },
            }
          : {}),
      },
    });
  }

  bindTable(table: dynamodb.ITableV2, access: 'read' | 'readWrite'): this {
    if (access === 'read') table.grantReadData(this);
    else table.grantReadWriteData(this);
    this.addEnvironment('TABLE_NAME', table.tableName);
    return this;
  }

  /** Consumes a queue with partial batch responses and bounded concurrency. */
  consume(queue: sqs.IQueue, options: { maxConcurrency: number; batchSize?: number }): this {
    this.addEventSource(
      new SqsEventSource(queue, {
        batchSize: options.batchSize ?? 10,
        reportBatchItemFailures: true,
        maxConcurrency: options.maxConcurrency,
      }),
    );
    return this;
  }

  bindQueue(queue: sqs.IQueue, variable: string): this {
    queue.grantSendMessages(this);
    this.addEnvironment(`${variable}_URL`, queue.queueUrl);
    this.addEnvironment(`${variable}_ARN`, queue.queueArn);
    return this;
  }

  /** Grants reading the secret and names it in `variable` (the literal name: a CDK token would hide it from operators). */
  bindSecret(secret: { secret: secretsmanager.ISecret; name: string }, variable: string): this {
    secret.secret.grantRead(this);
    this.addEnvironment(variable, secret.name);
    return this;
  }
}
