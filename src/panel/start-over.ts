/**
 * The ways a conversation ends: the page's reset() (a logout, no Undo), the header's
 * new-conversation button (a fresh start that can be undone for a while, since one click must not
 * wipe a conversation for good), and forgetting the device. Each waits for the stored session, so a
 * late read cannot bring the old conversation back, and each tells the other tabs.
 */
import type { ReactiveControllerHost } from 'lit';
import type { Announcer } from '../controllers/announcer.js';
import type { ConversationController, ConversationSnapshot } from '../controllers/conversation-controller.js';
import type { DraftController } from '../controllers/draft-controller.js';
import type { TurnController } from '../controllers/turn-controller.js';
import { UndoWindow } from '../controllers/undo-window.js';
import type { DeviceStore } from '../storage/device-store.js';
import type { PanelSettings } from './panel-host.js';

export interface StartOverParts {
  readonly conversation: ConversationController;
  readonly device: DeviceStore;
  readonly turns: TurnController;
  readonly announcer: Announcer;
  readonly draft: DraftController;
}

export class StartOver {
  /** The conversation the header's button cleared, while it can be brought back. */
  readonly undo: UndoWindow<ConversationSnapshot>;
  readonly #host: ReactiveControllerHost & Pick<PanelSettings, 'identity' | 'text'>;
  readonly #parts: StartOverParts;

  constructor(host: ReactiveControllerHost & Pick<PanelSettings, 'identity' | 'text'>, parts: StartOverParts) {
    this.#host = host;
    this.#parts = parts;
    this.undo = new UndoWindow(host);
  }

  /** Starts a new conversation, once the stored session is read. */
  reset(): void {
    const { conversation, device, turns, announcer } = this.#parts;
    announcer.say('');
    const reset = () => {
      conversation.reset();
      // The stored identity follows the page's: a logout leaves none for the next person at this computer.
      device.save({ identity: this.#host.identity });
      turns.tellOthers();
    };
    if (device.loaded) reset();
    else void device.readyToForget().then(reset);
  }

  /** The header's new-conversation button: a fresh start, with Undo for a while. */
  startOver(): void {
    const { conversation, announcer } = this.#parts;
    const snapshot = conversation.snapshot;
    if (snapshot.messages.length === 0 || conversation.busy) return;
    this.reset();
    this.undo.offer(snapshot);
    announcer.say(this.#host.text.conversationCleared);
  }

  /** Brings the cleared conversation back, unless a new one has begun; true if it did. */
  restoreCleared(): boolean {
    const { conversation, turns, announcer } = this.#parts;
    const snapshot = this.undo.take();
    if (!snapshot || conversation.messages.length > 0) return false;
    conversation.resume(snapshot);
    turns.tellOthers();
    announcer.say('');
    return true;
  }

  /** Deletes everything stored on this device, for every proxy, and starts a new conversation. */
  async forget(): Promise<void> {
    const { conversation, device, turns, announcer, draft } = this.#parts;
    draft.discard();
    announcer.say('');
    if (!device.loaded) await device.readyToForget();
    conversation.reset();
    turns.tellOthers();
    await device.forgetDevice();
  }
}
