/** What `open()` may bring along: a message for the box, or to send. */
export interface OpenOptions {
  /** Text for the message box (it replaces an unsent draft), e.g. "I have a question about the Blue Tote". */
  message?: string;
  /** Sends `message` as the shopper once the panel is ready, instead of leaving it in the box. */
  send?: boolean;
}

/** What applying the options needs of the panel. */
export interface Composer {
  setDraft(draft: string): void;
  focusInput(): Promise<void>;
  send(message: string): Promise<void>;
}

/** Prefills the box (and focuses it), or sends the message once; a blank message does nothing. */
export async function applyOpenOptions(panel: Composer, { message, send }: OpenOptions): Promise<void> {
  const text = message?.trim();
  if (!text) return;
  if (send) {
    await panel.send(text);
  } else {
    // As written: a page may end it with a space for the shopper to go on typing.
    panel.setDraft(message!);
    await panel.focusInput();
  }
}
