import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readStageContext } from './context';
import { OsmsStack } from './stack';

/**
 * The CDK app: `npx cdk synth -c stage=dev|prod`. One stack per stage; the producers' and the operator's principals,
 * the bot's getMe result and the support contact come from context (cdk.json holds the dev examples; pass real ones
 * with -c or in cdk.context.json: docs/deploy.md). A missing or malformed entry stops the synthesis with its name.
 */
export function buildApp(app = new App()): { app: App; stack: OsmsStack } {
  const context = readStageContext(app.node);
  const stack = new OsmsStack(app, `Osms-${context.stage}`, {
    ...context,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION ?? 'ap-southeast-1' },
    description: `МӘМС / pension-for-treatment bot (${context.stage})`,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

if (process.argv[1]?.endsWith('infra/app.ts')) buildApp().app.synth();
