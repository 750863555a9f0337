import { DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';

/**
 * The anchor of the cold-start bench (issue 15): the smallest useful Lambda — one DynamoDB client and a `GetItem` —
 * bundled with the same options as our functions. Its bundle size and import time are the floor ours are compared with.
 */
const client = new DynamoDBClient({});

export const handler = async (event: { id: string }) =>
  client.send(new GetItemCommand({ TableName: process.env.TABLE_NAME, Key: { pk: { S: event.id } } }));
