/**
 * A whole shopping session with the widget, written once for every engine: a long Markdown reply,
 * product cards, a quick reply that adds to the cart, a failed reply and Retry, feedback, a new
 * conversation and Undo, then a reload that restores the log. It acts through a `Shopper` (one per
 * driver, launch-shopper.ts) and reads the page through the readers in widget-page.ts, so every
 * engine is held to the same assertions.
 */
import assert from 'node:assert/strict';
import { ENGLISH } from '../../src/strings.js';
import { pageErrors } from './page-errors.js';
import { REPLY, replyState, widgetTexts, type Scope } from './widget-page.js';

/** What a shopper does with the page, with real input events; controls are named as assistive technology names them. */
export interface Shopper {
  readonly engine: string;
  /** Loads `url` and resolves once the page has loaded. */
  goto(url: string): Promise<void>;
  /** Loads the page again and resolves once it has loaded. */
  reload(): Promise<void>;
  /**
   * Loads `url` in a new tab of the same profile, in place of the current tab (which closes), and
   * resolves once it has loaded: a later visit, with what the store kept (localStorage, IndexedDB)
   * and none of what the old tab kept (sessionStorage).
   */
  revisit(url: string): Promise<void>;
  /** Clicks the widget's one shown button named `name` (in `scope`), waiting for it to be there. */
  press(name: string, scope?: Scope): Promise<void>;
  /** Moves the pointer onto the widget's one shown button named `name` (in `scope`), waiting for it to be there. */
  hover(name: string, scope?: Scope): Promise<void>;
  /** How many shown controls of `role` (a button unless said) named `name` the widget has (in `scope`). */
  count(name: string, scope?: Scope, role?: 'button' | 'textbox'): Promise<number>;
  /** Types `text` into the widget's text box named `label`, then presses Enter. */
  send(label: string, text: string): Promise<void>;
  /** Runs `read` in the page with `arg`; both must survive serialisation. */
  run<Result, Arg>(read: (arg: Arg) => Result, arg: Arg): Promise<Result>;
  /** Uncaught errors and failed responses the driver saw; empty for a driver that cannot see them. */
  readonly errors: string[];
  close(): Promise<void>;
}

/** Polls `check` until it returns something other than undefined, null or false. */
export async function waitFor<Value>(check: () => Promise<Value | undefined | null | false>, what: string, timeoutMs = 15_000): Promise<Value> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Runs the session on the page at `url`, which holds one `<totebot-chat agent-name="Tote">` and runs
 * RECORD_PAGE_ERRORS first. Resolves with the errors the page recorded, for the caller to join to
 * what its server and driver saw.
 */
export async function runShoppingSession(shopper: Shopper, url: string): Promise<string[]> {
  const texts = (selector: string, scope?: Scope) => shopper.run(widgetTexts, { selector, scope });
  const waitForTexts = (selector: string, what: string, scope?: Scope) => waitFor(async () => (await texts(selector, scope)).length > 0, what);

  /** Asks `question` and resolves with the scope of its reply, once that has finished. */
  async function ask(question: string): Promise<Scope> {
    const index = (await texts(REPLY)).length;
    await shopper.send(ENGLISH.messageLabel, question);
    await waitFor(async () => (await shopper.run(replyState, index))?.busy === 'false', `the reply to "${question}"`);
    return { selector: REPLY, index };
  }

  await shopper.goto(url);
  await shopper.press(ENGLISH.openChat);

  // Every kind of block the simulator's long answer has, built by the cut-down marked.
  const long = await ask('Tell me everything about caring for bags');
  assert.deepEqual(await texts('.markdown :is(h3, h4)', long), ['Caring for your bags', 'Everyday care', 'Cleaning by material', 'Leather conditioner', 'Repairs']);
  assert.deepEqual(await texts('.markdown thead th', long), ['Material', 'Cleaning', 'Avoid']);
  assert.equal((await texts('.markdown tbody tr', long)).length, 4);
  assert.equal((await texts('.markdown pre code[data-language="text"]', long)).length, 1);
  const [code, ...moreCode] = await texts('.markdown pre code', long);
  assert.deepEqual(moreCode, [], 'one code block');
  assert.match(code ?? '', /^1\. Wipe off dust with a dry cloth\.\n2\./);
  assert.equal((await texts('.markdown strong', long))[0], 'two-year warranty');
  assert.equal((await texts('.markdown a[href="mailto:support@example.com"]', long)).length, 1);
  const [quote, ...moreQuotes] = await texts('.markdown blockquote', long);
  assert.deepEqual(moreQuotes, [], 'one quote');
  assert.match(quote ?? '', /^Tip: a bag that is used every day/);

  // Product cards and a quick reply that adds the product to the cart.
  const found = await ask('Do you have a blue tote?');
  assert.ok((await texts('[part="product"]', found)).length > 0, 'product cards');
  assert.equal((await texts('.chip.done', found)).length, 1, 'the search chip');
  await shopper.press('Yes, add it', found);
  const added = { selector: REPLY, index: -1 };
  await waitForTexts('[part="cart"]', 'the cart in the last reply', added);
  await waitFor(async () => (await shopper.run(replyState, -1))?.busy === 'false', 'the cart reply to finish');

  // A failed reply says so in the widget's words, with Retry; feedback on a finished one is sent.
  const failed = await ask('please fail');
  assert.deepEqual(await texts('[part="error"] span', failed), [ENGLISH.errorUnavailable]);
  assert.equal(await shopper.count(ENGLISH.retry, failed), 1);
  await shopper.press(ENGLISH.helpful, long);
  await waitForTexts('[part="feedback-button"][aria-pressed="true"]', 'the feedback to be pressed');

  // A new conversation, then Undo brings the log back.
  const count = (await texts('.message')).length;
  await shopper.press(ENGLISH.newConversation);
  await shopper.press(ENGLISH.undo);
  await waitFor(async () => (await texts('.message')).length === count, `${count} messages back`);

  // A reload restores the log (the panel was open, so it opens again), its Markdown rendered again.
  const errors = await shopper.run(pageErrors, undefined);
  await shopper.reload();
  await waitForTexts('.message .markdown table', 'the restored table');
  assert.equal((await texts('.message .markdown tbody tr')).length, 4);
  return [...errors, ...(await shopper.run(pageErrors, undefined))];
}
