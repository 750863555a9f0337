import { describe, expect, inject, it } from 'vitest';
import { runDemo } from '../../tools/demo-run';
import { SCREEN_MOMENTS } from '../../tools/demo-scenario';

/** Letters only Kazakh has (not in Russian): a Kazakh screen has some, a Russian one none (buttons included). */
const KAZAKH_ONLY = /[әңғүұқөһ]/i;

/** The screens the demo printed after `📱 <name> sends <command>`, by language, in order. */
function screensOf(output: string): { command: string; frames: { language: string; text: string }[] }[] {
  return output
    .split(/\n(?=\[\d{4}-\d\d-\d\d \d\d:\d\d\] )/)
    .filter((block) => block.includes('📱'))
    .map((block) => ({
      command: /sends (\/\w+)/.exec(block)?.[1] ?? '',
      frames: [...block.matchAll(/┌─ (kk|ru) ─+\n((?:\s+│.*\n)+)/g)].map((m) => ({
        language: m[1] ?? '',
        text: m[2] ?? '',
      })),
    }));
}

describe('npm run demo', () => {
  it('shows what the citizen reads in /status, /payments and /case in both languages, and no stale announcement', {
    timeout: 300_000,
  }, async () => {
    let output = '';
    const summary = await runDemo({
      write: (text) => {
        output += text;
      },
      dynamodbEndpoint: inject('dynamodbEndpoint'),
    });

    const screens = screensOf(output);
    expect(screens.map((s) => s.command)).toEqual(SCREEN_MOMENTS.map((m) => m.command));
    expect(new Set(screens.map((s) => s.command))).toEqual(new Set(['/status', '/payments', '/case']));
    for (const screen of screens) {
      // The bot's answer, through the fake Telegram, once in each language; each with the menu's buttons.
      expect(screen.frames.map((f) => f.language).sort()).toEqual(['kk', 'ru']);
      for (const frame of screen.frames) {
        expect(frame.text).toMatch(/\[ .+ \]/);
        expect(KAZAKH_ONLY.test(frame.text), `${screen.command} in ${frame.language}`).toBe(frame.language === 'kk');
      }
    }
    expect(summary.screensShown).toBe(SCREEN_MOMENTS.length);

    // The rejected April deduction (10 500 ₸) is on the /payments screen, as the citizen reads it, in both languages.
    const payments = screens.find((s) => s.command === '/payments');
    for (const frame of payments?.frames ?? []) expect(frame.text).toMatch(/10\s500\s₸/);
    expect(payments?.frames).toHaveLength(2);

    // History is loaded through the backfill queue: nothing about months-old events is pushed when the demo starts.
    const pushes = [...output.matchAll(/^\[(.+?)\] ✉️ {2}push to \S+ — (\w+)/gm)].map((m) => ({ at: m[1], kind: m[2] }));
    expect(pushes.length).toBeGreaterThan(0);
    expect(pushes.filter((p) => p.at === '2026-05-25 09:00')).toEqual([]);
    expect(pushes.map((p) => p.kind)).not.toContain('funds_credited');
    expect(pushes.filter((p) => p.kind === 'paid_to_clinic').map((p) => p.at)).toEqual(['2026-06-18 16:00']);
    expect(summary).toMatchObject({ returnOrders: 1, deadLetters: 0 });
  });
});
