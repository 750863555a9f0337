import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { readStackState, StackNotRunningError } from '../ops/local-state';

/**
 * `npm run chat`: be a citizen in the terminal, talking to the local stack's bot through the fake Bot API.
 * Type text as you would in Telegram; `/share` shares your own contact (the phone given with --phone),
 * `/share-other` someone else's; `/press N` presses button N of the bot's last message; `/block` and `/unblock` block
 * and unblock the bot as Telegram's own menu does (the bot gets `my_chat_member`); `/quit` leaves.
 */
const { values } = parseArgs({
  options: {
    user: { type: 'string', default: '100001' },
    name: { type: 'string', default: 'Citizen' },
    phone: { type: 'string', default: '+77015550123' },
  },
});
let state: ReturnType<typeof readStackState>;
try {
  state = readStackState();
} catch (error) {
  process.stderr.write(
    `npm run chat: ${error instanceof StackNotRunningError ? error.message : (error as Error).message}\n`,
  );
  process.exit(2);
}
if (!state.telegram.fake) {
  process.stderr.write(
    'npm run chat: the stack runs against the real Telegram (TELEGRAM_BOT_TOKEN): talk to your bot there\n',
  );
  process.exit(2);
}
const apiRoot = state.telegram.apiRoot;
const from = { id: Number(values.user), first_name: values.name ?? 'Citizen', language_code: 'kk' };

interface Shown {
  messageId: number;
  text: string;
  replyMarkup?: {
    inline_keyboard?: { text: string; callback_data: string }[][];
    keyboard?: { text: string; request_contact?: boolean }[][];
  };
}
let lastSeen = 0;
let buttons: { text: string; data: string; messageId: number }[] = [];

async function control(action: string, body: unknown): Promise<unknown> {
  const response = await fetch(`${apiRoot}/control/${action}`, {
    method: 'POST',
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json' },
  });
  return ((await response.json()) as { result: unknown }).result;
}

async function showNew(): Promise<void> {
  const messages = (await control('messages', { chat_id: from.id, after: lastSeen })) as Shown[];
  for (const message of messages) {
    lastSeen = Math.max(lastSeen, message.messageId);
    process.stdout.write(`\n🤖 ${message.text.replace(/\n/g, '\n   ')}\n`);
    const inline = message.replyMarkup?.inline_keyboard?.flat() ?? [];
    if (inline.length > 0) {
      buttons = inline.map((b) => ({ text: b.text, data: b.callback_data, messageId: message.messageId }));
      process.stdout.write(`   ${buttons.map((b, i) => `[${i + 1}] ${b.text}`).join('  ')}\n`);
    }
    if (message.replyMarkup?.keyboard?.flat().some((b) => b.request_contact)) {
      process.stdout.write('   (the bot asks for your contact: type /share)\n');
    }
  }
}

const poller = setInterval(() => void showNew().catch(() => undefined), 300);
process.stdout.write(
  `Chatting as user ${from.id} (phone ${values.phone}). Try /start. /share, /share-other, /press N, /block, /unblock, /quit.\n`,
);
const input = createInterface({ input: process.stdin, output: process.stdout, prompt: '> ' });
input.prompt();
for await (const line of input) {
  const text = line.trim();
  if (text === '/quit') break;
  if (text === '/share') await control('contact', { from, phone_number: values.phone, user_id: from.id });
  else if (text === '/share-other')
    await control('contact', { from, phone_number: values.phone, user_id: from.id + 1 });
  else if (text === '/block' || text === '/unblock') await control(text.slice(1), { chatId: from.id });
  else if (/^\/press \d+$/.test(text)) {
    const button = buttons[Number(text.split(' ')[1]) - 1];
    if (button) await control('press', { from, data: button.data, message_id: button.messageId });
    else process.stdout.write('   no such button\n');
  } else if (text !== '') await control('text', { from, text });
  await new Promise((resolve) => setTimeout(resolve, 600));
  await showNew();
  input.prompt();
}
clearInterval(poller);
input.close();
