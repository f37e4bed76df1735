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
  updatesRequested = 0;
  requestUpdate(): void {
    this.updatesRequested += 1;
  }
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
  /** Whether a reply is on its way, as the conversation says. */
  const live = { streaming: false };
  const controller = new AutoScrollController(host, () => scroller, () => live.streaming);
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
  return { scroller, host, controller, add, prepend, atBottom, live };
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

  describe('a reply taller than the list', () => {
    /** Where a reply held at its top puts the list: the reply's top, less the gap above it. */
    const heldAt = (scroller: HTMLElement, reply: HTMLElement) => reply.offsetTop - scroller.offsetTop - 8;

    it('is followed while it fits, then held at its first line as it outgrows the list; the end is then behind', async () => {
      const { scroller, controller, add, atBottom, live, host } = setup();
      add(80);
      live.streaming = true;
      const reply = add(20);
      await waitUntil(atBottom, 'at the bottom');
      reply.style.height = '60px';
      await waitUntil(atBottom, 'a reply that fits is followed to its end');
      expect(controller.behind).to.equal(false);
      const updates = host.updatesRequested;
      reply.style.height = '300px';
      await waitUntil(() => controller.behind, 'behind once held');
      expect(scroller.scrollTop).to.equal(heldAt(scroller, reply));
      expect(host.updatesRequested).to.be.greaterThan(updates);
      reply.style.height = '600px';
      await frame();
      await frame();
      expect([scroller.scrollTop, controller.behind]).to.deep.equal([heldAt(scroller, reply), true]);
      host.disconnect();
    });

    it('Jump to latest goes to the end and follows it from then on, and is no longer offered', async () => {
      const { scroller, controller, add, atBottom, live, host } = setup();
      add(80);
      live.streaming = true;
      const reply = add(20);
      await waitUntil(atBottom, 'at the bottom');
      reply.style.height = '300px';
      await waitUntil(() => controller.behind, 'held');
      scroller.tabIndex = 0;
      controller.jumpToLatest(true);
      expect([atBottom(), controller.behind, document.activeElement === scroller]).to.deep.equal([true, false, true]);
      reply.style.height = '600px';
      await waitUntil(atBottom, 'followed to the end as it grows');
      await frame();
      expect(controller.behind).to.equal(false);
      host.disconnect();
    });

    it('is not held at all when it is not streaming: a restored history shows its end', async () => {
      const { add, atBottom, host } = setup();
      add(80);
      add(400);
      await waitUntil(atBottom, 'at the bottom');
      host.disconnect();
    });

    it('is held once its last render makes it too tall (its feedback and quick replies)', async () => {
      const { scroller, controller, add, atBottom, live, host } = setup();
      add(80);
      live.streaming = true;
      const reply = add(60);
      await waitUntil(atBottom, 'at the bottom');
      live.streaming = false;
      reply.style.height = '200px';
      host.updated();
      await frame();
      expect([scroller.scrollTop, controller.behind]).to.deep.equal([heldAt(scroller, reply), true]);
      host.disconnect();
    });

    it('after that, a finished reply that grows (a card says it was added) does not move the list', async () => {
      const { add, atBottom, live, host } = setup();
      add(80);
      live.streaming = true;
      const reply = add(60);
      await waitUntil(atBottom, 'at the bottom');
      live.streaming = false;
      host.updated();
      reply.style.height = '200px';
      await waitUntil(atBottom, 'followed to its end');
      host.disconnect();
    });

    it('waits for a list that is not laid out (a closed panel) rather than being held by a size of nothing', async () => {
      const { scroller, add, atBottom, live, host } = setup();
      add(80);
      scroller.hidden = true;
      live.streaming = true;
      const reply = add(20);
      await frame();
      scroller.hidden = false;
      await waitUntil(atBottom, 'followed once it shows');
      reply.style.height = '300px';
      await waitUntil(() => scroller.scrollTop === heldAt(scroller, reply), 'then held as it outgrows the list');
      host.disconnect();
    });
  });

  describe('a reader who scrolled up while text arrives', () => {
    it('is told newer text is below, until back at the end', async () => {
      const { scroller, controller, add, atBottom, live, host } = setup();
      add(80);
      live.streaming = true;
      const reply = add(60);
      await waitUntil(atBottom, 'at the bottom');
      scroller.scrollTop = 0;
      await frame();
      expect(controller.behind, 'nothing new yet').to.equal(false);
      reply.style.height = '80px';
      await waitUntil(() => controller.behind, 'behind as the reply grows');
      expect(scroller.scrollTop).to.equal(0);
      scroller.scrollTop = scroller.scrollHeight;
      await waitUntil(() => !controller.behind, 'no longer behind at the end');
      host.disconnect();
    });

    it('is never pulled up to the reply\'s top after coming back to the end: they took over', async () => {
      const { scroller, controller, add, atBottom, live, host } = setup();
      add(80);
      live.streaming = true;
      const reply = add(60);
      await waitUntil(atBottom, 'at the bottom');
      scroller.scrollTop = 0;
      await frame();
      reply.style.height = '300px';
      await waitUntil(() => controller.behind, 'behind');
      expect(scroller.scrollTop, 'left where the reader put it').to.equal(0);
      scroller.scrollTop = scroller.scrollHeight;
      await waitUntil(() => !controller.behind, 'back at the end');
      reply.style.height = '600px';
      await waitUntil(atBottom, 'followed to the end');
      host.disconnect();
    });

    it('sending pins the list again and takes the offer away', async () => {
      const { scroller, controller, add, atBottom, live, host } = setup();
      add(80);
      live.streaming = true;
      const reply = add(60);
      await waitUntil(atBottom, 'at the bottom');
      scroller.scrollTop = 0;
      await frame();
      reply.style.height = '80px';
      await waitUntil(() => controller.behind, 'behind');
      controller.pin();
      expect(controller.behind).to.equal(false);
      host.disconnect();
    });
  });
});
