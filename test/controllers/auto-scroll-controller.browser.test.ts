/** The auto-scroll controller with a throwaway host: it follows growing content only while the reader is at the bottom. */
import { expect, waitUntil } from '@open-wc/testing';
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { AutoScrollController } from '../../src/controllers/auto-scroll-controller.js';

class Host implements ReactiveControllerHost {
  private readonly controllers: ReactiveController[] = [];
  addController(controller: ReactiveController): void {
    this.controllers.push(controller);
  }
  removeController(): void {}
  requestUpdate(): void {}
  readonly updateComplete = Promise.resolve(true);
  /** What Lit does after a render. */
  updated(): void {
    for (const controller of this.controllers) controller.hostUpdated?.();
  }
  disconnect(): void {
    for (const controller of this.controllers) controller.hostDisconnected?.();
  }
}

function setup() {
  const scroller = document.createElement('div');
  scroller.style.cssText = 'height: 100px; overflow-y: auto;';
  document.body.append(scroller);
  const host = new Host();
  const controller = new AutoScrollController(host, () => scroller);
  scroller.addEventListener('scroll', controller.onScroll);
  const add = (height: number) => {
    const block = document.createElement('div');
    block.style.height = `${height}px`;
    scroller.append(block);
    host.updated();
    return block;
  };
  /** Older messages put above the others, as a history revealed newest first. */
  const prepend = (height: number) => {
    const block = document.createElement('div');
    block.style.height = `${height}px`;
    scroller.prepend(block);
    host.updated();
    return block;
  };
  const atBottom = () => scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight <= 1;
  return { scroller, host, controller, add, prepend, atBottom };
}

const frame = () => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));

describe('AutoScrollController', () => {
  afterEach(() => document.body.replaceChildren());

  it('follows new messages and a message that grows without being re-rendered, while the reader is at the bottom', async () => {
    const { add, atBottom, host } = setup();
    add(80);
    const reply = add(40);
    await waitUntil(atBottom, 'at the bottom after a new message');
    // A streaming reply grows inside the same element: no new child, no update in between.
    reply.style.height = '400px';
    await waitUntil(atBottom, 'at the bottom after the reply grew');
    host.disconnect();
  });

  it('leaves a reader who scrolled up where they are, and follows again once pinned', async () => {
    const { scroller, controller, add, atBottom, host } = setup();
    add(80);
    const reply = add(300);
    await waitUntil(atBottom, 'at the bottom');
    scroller.scrollTop = 0;
    await frame();
    reply.style.height = '600px';
    add(50);
    await frame();
    await frame();
    expect(scroller.scrollTop).to.equal(0);
    controller.pin();
    add(50);
    await waitUntil(atBottom, 'pinned again after pin()');
    host.disconnect();
  });

  // CSS scroll anchoring keeps the end in view through this in Chromium and Firefox; without it (Safari,
  // WebKitGTK) content put above leaves scrollTop where it was, and the reader would see old messages.
  it('keeps the newest message in view when older ones are put above it, with or without scroll anchoring', async () => {
    const { add, prepend, atBottom, host } = setup();
    add(80);
    add(80);
    await waitUntil(atBottom, 'at the bottom');
    for (let step = 0; step < 5; step += 1) {
      prepend(120);
      await frame();
      expect(atBottom(), `at the bottom after older messages came in, step ${step + 1}`).to.equal(true);
    }
    host.disconnect();
  });

  it('leaves a reader who scrolled up away from the bottom when older messages are put above', async () => {
    const { scroller, add, prepend, atBottom, host } = setup();
    add(80);
    add(300);
    await waitUntil(atBottom, 'at the bottom');
    scroller.scrollTop = 100;
    await frame();
    prepend(120);
    await frame();
    await frame();
    // Where exactly depends on the engine (anchoring keeps the same text in view, WebKit the same offset).
    expect(atBottom()).to.equal(false);
    host.disconnect();
  });
});
