/** The announcer with a throwaway host: what the live region says, once per reply, and the unread count. */
import { expect } from '@open-wc/testing';
import { Announcer } from '../../src/controllers/announcer.js';
import { assistantDraft, type ChatMessage } from '../../src/state/conversation.js';
import { ThrowawayHost } from '../support/throwaway-host.js';

const reply = (fields: Partial<ChatMessage>): ChatMessage => ({ ...assistantDraft(), status: 'complete', ...fields });

/** The log as rendered: the reply's bubble, whose text is what is read out. */
function renderReply(host: ThrowawayHost, markdownText: string): void {
  host.renderRoot.innerHTML = '<div class="message assistant"><div class="markdown"></div></div>';
  host.renderRoot.querySelector('.markdown')!.textContent = markdownText;
}

describe('Announcer', () => {
  it('says a finished reply once it is rendered, as the reader sees it, not its Markdown', async () => {
    const host = new ThrowawayHost();
    const announcer = new Announcer(host);
    renderReply(host, 'Yes,\n  the   Blue Tote is in stock.');
    await announcer.reply(reply({ content: 'Yes, the **[Blue Tote](/p/1)** is in stock.' }), 'Tote');
    expect(announcer.text).to.equal('Tote: Yes, the Blue Tote is in stock.');
    expect(host.updatesRequested).to.be.greaterThan(0);
  });

  it('says a long reply by its opening, cut at a word', async () => {
    const host = new ThrowawayHost();
    const announcer = new Announcer(host);
    renderReply(host, 'lorem ipsum '.repeat(100));
    await announcer.reply(reply({}), 'Tote');
    const said = announcer.text.slice('Tote: '.length);
    expect(said.endsWith('…')).to.equal(true);
    expect(said.length).to.be.at.most(401);
    expect(said.slice(0, -1).endsWith('lorem') || said.slice(0, -1).endsWith('ipsum')).to.equal(true);
  });

  it('counts replies that finish while the launcher\'s panel is closed, not while it is open or inline', async () => {
    const host = new ThrowawayHost({ mode: 'launcher', opened: false });
    const announcer = new Announcer(host);
    await announcer.reply(reply({ content: 'one' }), 'Tote');
    await announcer.reply(reply({ content: 'two' }), 'Tote');
    expect(announcer.unread).to.equal(2);
    announcer.markRead();
    expect(announcer.unread).to.equal(0);
    host.opened = true;
    await announcer.reply(reply({ content: 'three' }), 'Tote');
    expect(announcer.unread).to.equal(0);
    const inline = new Announcer(new ThrowawayHost({ mode: 'inline', opened: false }));
    await inline.reply(reply({ content: 'four' }), 'Tote');
    expect(inline.unread).to.equal(0);
  });

  it('says a failed, cut-off or stopped reply once, and nothing for a finished one', () => {
    const host = new ThrowawayHost();
    const announcer = new Announcer(host);
    announcer.outcome(reply({ status: 'interrupted' }));
    expect(announcer.text).to.equal(host.text.interrupted);
    announcer.outcome(reply({ status: 'stopped' }));
    expect(announcer.text).to.equal(host.text.stopped);
    announcer.outcome(reply({ status: 'error', error: { code: 'unreachable', message: 'offline', status: 0 } }));
    expect(announcer.text).to.equal(host.text.errorUnreachable);
    announcer.say('');
    announcer.outcome(reply({ status: 'complete' }));
    announcer.outcome(undefined);
    expect(announcer.text).to.equal('');
  });
});
