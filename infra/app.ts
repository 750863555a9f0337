import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { OsmsStack } from './stack';

/**
 * The CDK app: `npx cdk synth -c stage=dev|prod`. One stack per stage; upstream producers and the operator's
 * consumers come from context (cdk.json holds the dev examples; pass real ones with -c or in cdk.context.json).
 */
export function buildApp(app = new App()): { app: App; stack: OsmsStack } {
  const stage = (app.node.tryGetContext('stage') ?? 'dev') as string;
  if (stage !== 'dev' && stage !== 'prod') throw new Error(`context stage must be dev or prod, got ${stage}`);
  const producers = app.node.tryGetContext('producers') ?? { payments: [], pension: [], dkk: [] };
  const operatorConsumers = app.node.tryGetContext('operatorConsumers') ?? [];
  const stack = new OsmsStack(app, `Osms-${stage}`, {
    stage,
    producers,
    operatorConsumers,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'ap-southeast-1' },
    description: `МӘМС / pension-for-treatment bot (${stage})`,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

if (process.argv[1]?.endsWith('infra/app.ts')) buildApp().app.synth();
