import { runDemo } from './demo-run';

// `npm run demo` (tools/demo-run.ts): nothing but the story on stdout — not the AWS SDK's notice that its 2027
// releases need Node ≥ 22, shown on Node 20. LOG_LEVEL set keeps it.
if (!process.env.LOG_LEVEL && !process.env.POWERTOOLS_LOG_LEVEL)
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
await runDemo({ write: (text) => process.stdout.write(text) });
