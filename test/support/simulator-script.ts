/** Browser tests: the next reply of the simulator behind the test server's /v1 (see web-test-runner.config.mjs). */
import { expect } from '@open-wc/testing';
import type { ReplyStep } from '../../proxy/simulator/agent.js';

export async function scriptNextReply(steps: ReplyStep[]): Promise<void> {
  const response = await fetch('/__simulator/script', { method: 'POST', body: JSON.stringify(steps) });
  expect(response.status).to.equal(204);
}
