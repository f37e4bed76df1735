/**
 * The device store in a real browser (IndexedDB, localStorage, sessionStorage) with a throwaway host:
 * nothing written without consent, the two deleting verbs and how much each deletes, moving to
 * another proxy, and changes saved before the stored session is read.
 */
import { expect, waitUntil } from '@open-wc/testing';
import { readAgentName, saveAgentName } from '../../src/storage/agent-name.js';
import { DeviceStore, type DeviceStoreSettings } from '../../src/storage/device-store.js';
import { writeOpenFlag, readOpenFlag } from '../../src/storage/open-flag.js';
import { readSessionHint } from '../../src/storage/session-hint.js';
import { clearAllSessions, loadSession, saveSession, type StoredSession } from '../../src/storage/session-store.js';
import { sleep, ThrowawayHost } from '../support/throwaway-host.js';

const DAY = 86_400_000;
const HERE = 'https://proxy.test/here';
const ELSEWHERE = 'https://proxy.test/elsewhere';

function setup(settings: Partial<DeviceStoreSettings> = {}) {
  const current: DeviceStoreSettings = { scope: HERE, persist: true, retentionMs: 30 * DAY, ...settings };
  const host = new ThrowawayHost();
  const loads: StoredSession[] = [];
  const device = new DeviceStore(host, () => current, (stored) => loads.push(stored));
  return { host, device, loads, settings: current };
}

describe('DeviceStore', () => {
  beforeEach(() => clearAllSessions());

  it('reads the stored session on connect, and tells what it read once', async () => {
    await saveSession(HERE, { conversationId: 'cnv_1', conversationToken: 'tok_1', draft: 'Do you ship' });
    const { host, device, loads } = setup();
    expect(device.loaded).to.equal(false);
    host.connect();
    const session = await device.ready;
    expect(device.loaded).to.equal(true);
    expect(session).to.deep.equal({ conversationId: 'cnv_1', conversationToken: 'tok_1', draft: 'Do you ship' });
    expect(loads).to.deep.equal([session]);
  });

  it('writes every change once read, and deletes the record when nothing is left to remember', async () => {
    const { host, device } = setup();
    host.connect();
    await device.ready;
    device.save({ conversationId: 'cnv_1', conversationToken: 'tok_1' });
    await waitUntil(async () => (await loadSession(HERE))?.conversationToken === 'tok_1', 'written');
    expect(readSessionHint(HERE, 30 * DAY)).to.deep.equal({ conversationId: 'cnv_1', conversationToken: 'tok_1', identityId: undefined });
    device.save({ conversationId: undefined, conversationToken: undefined });
    await waitUntil(async () => (await loadSession(HERE)) === undefined, 'deleted, not an empty record');
    expect(readSessionHint(HERE, 30 * DAY)).to.equal(undefined);
  });

  it('writes a change saved before the read over the record once it is read, never over it unread', async () => {
    await saveSession(HERE, { conversationId: 'cnv_1', conversationToken: 'tok_1', messages: [{ id: 'm1', role: 'user', content: 'hi', feedback: null }] });
    const { host, device, loads } = setup();
    host.connect();
    device.save({ draft: 'typed early' });
    device.save({ identity: { id: 'u_1' } });
    expect(device.session).to.deep.equal({ draft: 'typed early', identity: { id: 'u_1' } });
    await device.ready;
    expect(device.session).to.include({ conversationId: 'cnv_1', draft: 'typed early' });
    const stored = await loadSession(HERE);
    expect(stored).to.deep.include({ conversationId: 'cnv_1', conversationToken: 'tok_1', draft: 'typed early', identity: { id: 'u_1' } });
    expect(stored!.messages).to.have.length(1);
    // The panel is told the record as read: its own early changes are already in `session`.
    expect(loads).to.have.length(1);
    expect(loads[0]).to.not.have.property('draft');
  });

  it('lets an early change that forgets the conversation win over the record', async () => {
    await saveSession(HERE, { conversationId: 'cnv_1', conversationToken: 'tok_1', identity: { id: 'u_1' } });
    const { host, device } = setup();
    host.connect();
    // A logout page: reset() before the read.
    device.save({ conversationId: undefined, conversationToken: undefined, messages: undefined, identity: undefined });
    await device.ready;
    expect(device.session).to.deep.equal({});
    await waitUntil(async () => (await loadSession(HERE)) === undefined, 'nothing left stored');
  });

  it('stores nothing without consent: changes live in memory only', async () => {
    const { host, device } = setup({ persist: false });
    host.connect();
    await device.ready;
    expect(device.loaded).to.equal(true);
    device.save({ conversationId: 'cnv_1', conversationToken: 'tok_1', draft: 'hello' });
    device.rememberAgentName('Tote');
    expect(device.session).to.deep.equal({ conversationId: 'cnv_1', conversationToken: 'tok_1', draft: 'hello' });
    await sleep(50);
    expect(await loadSession(HERE)).to.equal(undefined);
    expect(readSessionHint(HERE, 30 * DAY)).to.equal(undefined);
    expect(readAgentName(HERE)).to.equal('');
  });

  it('deletes what an earlier page stored with consent once a page has none, the agent\'s name too', async () => {
    await saveSession(HERE, { conversationId: 'cnv_1', conversationToken: 'tok_1' });
    saveAgentName(HERE, 'Tote');
    const { host, device } = setup({ persist: false });
    host.connect();
    expect(device.agentName).to.equal('');
    await device.ready;
    expect(await loadSession(HERE)).to.equal(undefined);
    expect(readSessionHint(HERE, 30 * DAY)).to.equal(undefined);
    expect(readAgentName(HERE)).to.equal('');
  });

  it('stores what the page has once consent is given, and withdraws it when consent goes', async () => {
    const { host, device } = setup({ persist: false });
    host.connect();
    await device.ready;
    device.save({ conversationId: 'cnv_1', conversationToken: 'tok_1' });
    device.setPersist(true);
    await waitUntil(async () => (await loadSession(HERE))?.conversationId === 'cnv_1', 'saved after consent');
    device.rememberAgentName('Tote');
    expect(device.agentName).to.equal('Tote');
    device.setPersist(false);
    await waitUntil(async () => (await loadSession(HERE)) === undefined, 'deleted when consent is withdrawn');
    expect(readAgentName(HERE)).to.equal('');
  });

  it('withdraw() deletes this proxy\'s session, hint and agent name, and nothing of another proxy\'s or the tab\'s open flag', async () => {
    await saveSession(HERE, { conversationId: 'cnv_here' });
    await saveSession(ELSEWHERE, { conversationId: 'cnv_elsewhere' });
    saveAgentName(HERE, 'Tote');
    saveAgentName(ELSEWHERE, 'Tess');
    writeOpenFlag(HERE, true);
    const { host, device } = setup();
    host.connect();
    await device.ready;
    await device.withdraw();
    expect(await loadSession(HERE)).to.equal(undefined);
    expect(readSessionHint(HERE, 30 * DAY)).to.equal(undefined);
    expect(readAgentName(HERE)).to.equal('');
    expect((await loadSession(ELSEWHERE))?.conversationId).to.equal('cnv_elsewhere');
    expect(readSessionHint(ELSEWHERE, 30 * DAY)?.conversationId).to.equal('cnv_elsewhere');
    expect(readAgentName(ELSEWHERE)).to.equal('Tess');
    expect(readOpenFlag(HERE)).to.equal(true);
  });

  it('forgetDevice() deletes everything the widget stored, for every proxy, and stores no agent name that arrives later', async () => {
    await saveSession(HERE, { conversationId: 'cnv_here' });
    await saveSession(ELSEWHERE, { conversationId: 'cnv_elsewhere' });
    saveAgentName(HERE, 'Tote');
    saveAgentName(ELSEWHERE, 'Tess');
    writeOpenFlag(HERE, true);
    writeOpenFlag(ELSEWHERE, true);
    localStorage.setItem('the-page-own-key', 'kept');
    const { host, device } = setup();
    host.connect();
    await device.ready;
    await device.forgetDevice();
    expect(device.session).to.deep.equal({});
    for (const scope of [HERE, ELSEWHERE]) {
      expect(await loadSession(scope), scope).to.equal(undefined);
      expect(readSessionHint(scope, 30 * DAY), scope).to.equal(undefined);
      expect(readAgentName(scope), scope).to.equal('');
      expect(readOpenFlag(scope), scope).to.equal(false);
    }
    // Only the widget's own keys.
    expect(localStorage.getItem('the-page-own-key')).to.equal('kept');
    localStorage.removeItem('the-page-own-key');
    device.rememberAgentName('Tote');
    expect(readAgentName(HERE)).to.equal('');
  });

  it('moves to another proxy: reads its session afresh and leaves the old proxy\'s record as it was', async () => {
    await saveSession(HERE, { conversationId: 'cnv_here', draft: 'here' });
    await saveSession(ELSEWHERE, { conversationId: 'cnv_elsewhere' });
    const { host, device, loads, settings } = setup();
    host.connect();
    await device.ready;
    settings.scope = ELSEWHERE;
    device.rescope();
    expect(device.loaded).to.equal(false);
    expect(device.session).to.deep.equal({});
    await device.ready;
    expect(device.session).to.deep.equal({ conversationId: 'cnv_elsewhere' });
    expect(loads.map((stored) => stored.conversationId)).to.deep.equal(['cnv_here', 'cnv_elsewhere']);
    device.save({ draft: 'elsewhere' });
    await waitUntil(async () => (await loadSession(ELSEWHERE))?.draft === 'elsewhere', 'written under the new scope');
    expect(await loadSession(HERE)).to.deep.equal({ conversationId: 'cnv_here', draft: 'here' });
  });

  it('drops a read of the old proxy that answers after the move', async () => {
    await saveSession(HERE, { conversationId: 'cnv_here' });
    const { host, device, loads, settings } = setup();
    host.connect();
    settings.scope = ELSEWHERE;
    device.rescope();
    await device.ready;
    await sleep(20);
    expect(loads.map((stored) => stored.conversationId)).to.deep.equal([undefined]);
    expect(device.session).to.deep.equal({});
  });

  it('acts on no read that answers after the host has left: writes nothing, tells nothing; connected again, it reads afresh', async () => {
    await saveSession(HERE, { conversationId: 'cnv_1', conversationToken: 'tok_1' });
    const { host, device, loads } = setup();
    host.connect();
    device.save({ conversationId: 'cnv_1', conversationToken: 'tok_1' });
    host.disconnect();
    // The page clears the device after the read has begun: the read answers with the old record.
    await clearAllSessions();
    await device.ready;
    await sleep(20);
    expect(loads).to.deep.equal([]);
    expect(await loadSession(HERE)).to.equal(undefined);
    expect(readSessionHint(HERE, 30 * DAY)).to.equal(undefined);
    host.connect();
    await device.ready;
    expect(loads).to.deep.equal([{}]);
  });

  it('answers a read that a reconnect replaced with the newer one: whoever waited gets the stored session, told once', async () => {
    await saveSession(HERE, { conversationId: 'cnv_1', conversationToken: 'tok_1' });
    const { host, device, loads } = setup();
    host.connect();
    const first = device.ready;
    // Moved in the DOM: disconnected and connected in one task, the first read still out.
    host.disconnect();
    host.connect();
    expect(await first).to.deep.equal({ conversationId: 'cnv_1', conversationToken: 'tok_1' });
    expect(device.loaded).to.equal(true);
    expect(loads).to.have.length(1);
  });

  it('after the host has left, writes what is asked once the read is in, and nothing of the record read', async () => {
    await saveSession(HERE, { conversationId: 'cnv_1', conversationToken: 'tok_1', draft: 'old draft', identity: { id: 'u_1' } });
    const { host, device } = setup();
    host.connect();
    host.disconnect();
    // A logout on a widget that has left: the reset waits for the read, then forgets the conversation.
    await device.ready;
    device.save({ conversationId: undefined, conversationToken: undefined, messages: undefined, identity: undefined });
    await waitUntil(async () => (await loadSession(HERE)) === undefined, 'nothing of the old record stored');
  });

  it('on a store whose host never connected, reads only for a reset: nothing written over the record unread, nothing of it written after', async () => {
    await saveSession(HERE, { conversationId: 'cnv_1', conversationToken: 'tok_1', draft: 'old draft' });
    const { host, device, loads } = setup();
    // A removed widget's panel, asked to send or open: it waits for no read and writes nothing.
    expect(await device.ready).to.deep.equal({});
    device.save({ draft: 'typed off the page' });
    await sleep(20);
    expect(await loadSession(HERE)).to.deep.equal({ conversationId: 'cnv_1', conversationToken: 'tok_1', draft: 'old draft' });
    // A logout: the record is read so the reset can forget it, and is not handed on.
    await device.readyToForget();
    expect(loads).to.deep.equal([]);
    device.save({ conversationId: undefined, conversationToken: undefined, messages: undefined });
    await waitUntil(async () => (await loadSession(HERE))?.conversationId === undefined, 'the conversation forgotten');
    expect(await loadSession(HERE)).to.deep.equal({ draft: 'typed off the page' });
    host.connect();
    await device.ready;
    expect(loads).to.deep.equal([{ draft: 'typed off the page' }]);
  });

  it('reads nothing of a session older than the retention, and deletes it', async () => {
    await saveSession(HERE, { conversationId: 'cnv_old' });
    await sleep(30);
    const { host, device } = setup({ retentionMs: 10 });
    host.connect();
    expect(await device.ready).to.deep.equal({});
    expect(await loadSession(HERE)).to.equal(undefined);
  });
});
