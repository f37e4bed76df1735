/**
 * The hooks of a suite that runs the built files in one engine: a store (store-server.ts) and a
 * `Shopper` (launch-shopper.ts) started before its tests and both stopped after them, the stop
 * bounded so that closing a hung driver cannot hold up `npm test`.
 */
import { after, before } from 'node:test';
import type { Engine } from '../../scripts/test-browser.mjs';
import { launchShopper } from './launch-shopper.js';
import type { RecordedServer } from './recorded-server.js';
import type { Shopper } from './shopping-session.js';
import { serveStore, type StoreOptions } from './store-server.js';

/** The store and the shopper, there once the suite's `before` hook has run. */
export interface StoreShopper {
  readonly server: RecordedServer;
  readonly shopper: Shopper;
}

/** Call in a `describe`: registers the hooks and returns what they start. */
export function storeShopper(engine: Engine, pages: Record<string, string>, options?: StoreOptions): StoreShopper {
  const started: { server?: RecordedServer; shopper?: Shopper } = {};
  before(async () => {
    started.server = await serveStore(new URL('../../dist/', import.meta.url), pages, options);
    started.shopper = await launchShopper(engine);
  });
  after(
    async () => {
      await started.shopper?.close();
      await started.server?.close();
    },
    { timeout: 30_000 },
  );
  return {
    get server() {
      return started.server!;
    },
    get shopper() {
      return started.shopper!;
    },
  };
}
