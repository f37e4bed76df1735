import { strict as assert } from 'node:assert';
import { describe, it } from 'node:test';
import { planFromStored, takeEarlyHistory, type OnScreen, type RestoreStep } from '../../src/state/restore-plan.js';

const nothingShown: OnScreen = { conversationId: undefined, messageCount: 0 };
const ana = { id: 'u_ana' };
const ben = { id: 'u_ben' };

describe('takeEarlyHistory', () => {
  const early = { scope: 'https://shop.example', identityId: 'u_ana' };
  const now = { scope: 'https://shop.example', identity: undefined, storedRead: false, screen: nothingShown };
  const cases: [string, Parameters<typeof takeEarlyHistory>, boolean][] = [
    ['takes the request for the same proxy while nothing is known', [early, now], true],
    ['takes it for the visitor it was asked for', [early, { ...now, identity: ana }], true],
    ['not without one', [undefined, now], false],
    ['not for another proxy (the endpoint changed meanwhile)', [early, { ...now, scope: 'https://other.example' }], false],
    ['not once the stored session is read: it decides', [early, { ...now, storedRead: true }], false],
    ['not over a conversation already on screen', [early, { ...now, screen: { conversationId: 'c_1', messageCount: 0 } }], false],
    ['not over messages already on screen', [early, { ...now, screen: { conversationId: undefined, messageCount: 2 } }], false],
    ['not for another signed-in person (the page said who since the request left)', [early, { ...now, identity: ben }], false],
  ];
  for (const [name, input, expected] of cases) it(name, () => assert.equal(takeEarlyHistory(...input), expected));
});

describe('planFromStored', () => {
  type Case = [string, Parameters<typeof planFromStored>[0], RestoreStep, boolean];
  const stored = { conversationId: 'c_1', identity: ana };
  const hinted = { stored, identity: undefined, hinted: 'c_1', screen: { conversationId: 'c_1', messageCount: 0 } };
  const cases: Case[] = [
    ['the hinted history is on its way: the device copy shows meanwhile', hinted, 'show-cache', false],
    ['the hinted history has arrived, and the device keeps nothing more: nothing to adapt', { ...hinted, screen: { conversationId: 'c_1', messageCount: 12 } }, 'keep', false],
    ['the hinted history has arrived first: what only the device knows is merged into it', { ...hinted, screen: { conversationId: 'c_1', messageCount: 1 }, cachedMessages: 2 }, 'merge-cache', false],
    ['the hinted conversation was refused meanwhile: it stays forgotten', { ...hinted, screen: nothingShown }, 'keep', false],
    ['no hint: the stored conversation shows and is asked for', { ...hinted, hinted: undefined, screen: nothingShown }, 'show-cache-and-fetch', false],
    ['a stale hint: the stored conversation replaces it', { ...hinted, hinted: 'c_0', screen: { conversationId: 'c_0', messageCount: 3 } }, 'show-cache-and-fetch', false],
    ['the shopper already began another conversation: it stays', { ...hinted, hinted: undefined, screen: { conversationId: 'c_9', messageCount: 2 } }, 'keep', false],
    ['the same signed-in person', { ...hinted, identity: { id: 'u_ana', name: 'Ana' } }, 'show-cache', false],
    ['another signed-in person: the hinted one goes, and the stored one is forgotten', { ...hinted, identity: ben }, 'drop', true],
    ['another signed-in person, nothing hinted: nothing shows, the stored one is forgotten', { ...hinted, identity: ben, hinted: undefined, screen: nothingShown }, 'keep', true],
    ['a stored conversation of nobody in particular is anyone\'s on this device', { ...hinted, stored: { conversationId: 'c_1' } }, 'show-cache', false],
    ['a signed-in page and an anonymous record: not restored', { ...hinted, stored: { conversationId: 'c_1' }, identity: ana }, 'drop', true],
    ['nothing stored, but a hint showed: the hinted conversation goes', { ...hinted, stored: {} }, 'drop', false],
    ['nothing stored and nothing shown', { ...hinted, stored: {}, hinted: undefined, screen: nothingShown }, 'keep', false],
  ];
  for (const [name, input, step, forget] of cases) {
    it(name, () => assert.deepEqual(planFromStored(input), { step, forgetStoredConversation: forget }));
  }
});
