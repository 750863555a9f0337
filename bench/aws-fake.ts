import { createHash, randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * Just enough of SQS (JSON protocol: `SendMessage`, `SendMessageBatch`) and Secrets Manager (`GetSecretValue`) on
 * 127.0.0.1 for the bench to run the ingest's real wiring — the real `@aws-sdk/client-sqs` with its MD5 checks, the
 * real Powertools Parameters — with nothing mocked in process. Bodies are counted, not kept. `failEvery` makes every
 * n-th batch entry fail (as SQS answers `InternalError` for an entry), for the partial-failure path.
 */
export interface AwsFake {
  endpoint: string;
  queueUrl(name: string): string;
  stats: { requests: Record<string, number>; messages: number; failedEntries: number };
  stop(): Promise<void>;
}

const md5 = (text: string) => createHash('md5').update(text, 'utf8').digest('hex');

interface Entry {
  Id: string;
  MessageBody: string;
}

export async function startAwsFake(options: { secrets?: Record<string, string>; failEvery?: number } = {}) {
  const stats: AwsFake['stats'] = { requests: {}, messages: 0, failedEntries: 0 };
  let entries = 0;
  const answer = (target: string, input: Record<string, unknown>): [number, unknown] => {
    switch (target) {
      case 'AmazonSQS.SendMessage':
        stats.messages += 1;
        return [200, { MessageId: randomUUID(), MD5OfMessageBody: md5(String(input.MessageBody)) }];
      case 'AmazonSQS.SendMessageBatch': {
        const Successful: unknown[] = [];
        const Failed: unknown[] = [];
        for (const entry of (input.Entries ?? []) as Entry[]) {
          entries += 1;
          if (options.failEvery && entries % options.failEvery === 0) {
            stats.failedEntries += 1;
            Failed.push({ Id: entry.Id, SenderFault: false, Code: 'InternalError', Message: 'injected' });
          } else {
            stats.messages += 1;
            Successful.push({ Id: entry.Id, MessageId: randomUUID(), MD5OfMessageBody: md5(entry.MessageBody) });
          }
        }
        return [200, { Successful, Failed }];
      }
      case 'secretsmanager.GetSecretValue': {
        const name = String(input.SecretId);
        const value = options.secrets?.[name];
        if (value === undefined) return [400, { __type: 'ResourceNotFoundException', message: 'no such secret' }];
        return [
          200,
          {
            ARN: `arn:aws:secretsmanager:local:000000000000:secret:${name}`,
            Name: name,
            SecretString: value,
            VersionId: 'v1',
          },
        ];
      }
      default:
        return [400, { __type: 'UnknownOperationException', message: target }];
    }
  };
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const target = String(request.headers['x-amz-target'] ?? '');
      stats.requests[target] = (stats.requests[target] ?? 0) + 1;
      const [status, body] = answer(target, JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}'));
      const text = JSON.stringify(body);
      response.writeHead(status, {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': Buffer.byteLength(text),
        'x-amzn-requestid': randomUUID(),
      });
      response.end(text);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    endpoint,
    queueUrl: (name: string) => `${endpoint}/000000000000/${name}`,
    stats,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  } satisfies AwsFake;
}
