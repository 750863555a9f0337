import { ingestLambda, ingestWiring } from './wiring';

// Built once per cold start. No X-Ray tracer: Lambda's active tracing gives the invocation segment, and the X-Ray SDK
// would add ~100 KiB and its import time to every cold start (docs/architecture.md "Tracing").

/** SQS → facts in DynamoDB, with partial batch responses: a failed record is retried alone. */
export const handler = ingestLambda(ingestWiring(process.env));
