/** Agent info with a throwaway host, a fake proxy client and a device store stand-in: which name shows, and when /v1/agent is asked. */
import { expect, waitUntil } from '@open-wc/testing';
import { AgentInfoController } from '../../src/controllers/agent-info-controller.js';
import type { DeviceStore } from '../../src/storage/device-store.js';
import { FakeApiClient } from '../support/fake-api-client.js';
import { sleep, ThrowawayHost, type DEFAULT_SETTINGS } from '../support/throwaway-host.js';

function setup(settings: Partial<typeof DEFAULT_SETTINGS>, known = '') {
  const host = new ThrowawayHost(settings);
  const client = new FakeApiClient();
  const remembered: string[] = [];
  const device = { agentName: known, rememberAgentName: (name: string) => remembered.push(name) };
  const agent = new AgentInfoController(host, () => client, device as unknown as DeviceStore);
  host.connect();
  return { host, client, device, remembered, agent };
}

describe('AgentInfoController', () => {
  it('asks /v1/agent only once the shopper can see the panel, and only once', async () => {
    const { host, client, agent, remembered } = setup({ mode: 'launcher', opened: false });
    await host.updateComplete;
    expect(client.agentRequests).to.equal(0);
    expect(agent.displayName).to.equal(host.text.defaultAgentName);
    host.opened = true;
    host.requestUpdate();
    await waitUntil(() => agent.displayName === 'Tote', 'the proxy\'s name');
    expect(remembered).to.deep.equal(['Tote']);
    host.requestUpdate();
    await host.updateComplete;
    expect(client.agentRequests).to.equal(1);
  });

  it('shows the name last known on this device at once, and the page\'s agent-name over any other', async () => {
    const { client, agent, remembered } = setup({ mode: 'inline' }, 'Remembered');
    expect(agent.displayName).to.equal('Remembered');
    await waitUntil(() => agent.displayName === 'Tote', 'then the proxy\'s');
    expect(remembered).to.deep.equal(['Tote']);
    const named = setup({ mode: 'inline', agentName: 'Tess' }, 'Remembered');
    await named.host.updateComplete;
    expect(named.agent.displayName).to.equal('Tess');
    expect(named.client.agentRequests).to.equal(0);
    expect(client.agentRequests).to.equal(1);
  });

  it('keeps the last known name when the proxy fails, and stores nothing', async () => {
    const host = new ThrowawayHost({ mode: 'inline' });
    const client = new FakeApiClient();
    client.agent = async () => {
      throw new Error('down');
    };
    const remembered: string[] = [];
    const agent = new AgentInfoController(host, () => client, { agentName: 'Remembered', rememberAgentName: (name: string) => remembered.push(name) } as unknown as DeviceStore);
    host.connect();
    await waitUntil(() => client.agentRequests === 1);
    await sleep(20);
    expect(agent.displayName).to.equal('Remembered');
    expect(remembered).to.deep.equal([]);
  });

  it('moves to another proxy: that proxy\'s last known name, asked for again', async () => {
    const { host, client, device, agent } = setup({ mode: 'inline' }, 'Old');
    await waitUntil(() => agent.displayName === 'Tote');
    device.agentName = 'Elsewhere';
    client.agent = async () => ({ name: 'Other agent' });
    agent.rescope();
    expect(agent.displayName).to.equal('Elsewhere');
    host.requestUpdate();
    await waitUntil(() => agent.displayName === 'Other agent', 'asked again');
    expect(client.agentRequests).to.equal(2);
  });
});
