/**
 * The hooks of a suite that runs the built files in one engine: a store (store-server.ts) and a
 * `Shopper` (launch-shopper.ts) started before its tests and both stopped after them, the stop
 * bounded so that closing a hung driver cannot hold up `npm test`.
 */
import { after, afterEach, before, beforeEach } from 'node:test';
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

/**
 * Call in a `describe`: registers the hooks and returns what they start. With `eachTest`, every
 * test gets a shopper of its own, so a fresh browser profile (nothing stored, nothing cached).
 */
export function storeShopper(engine: Engine, pages: Record<string, string>, options?: StoreOptions, { eachTest = false } = {}): StoreShopper {
  const started: { server?: RecordedServer; shopper?: Shopper } = {};
  const launch = async () => void (started.shopper = await launchShopper(engine));
  const close = async () => {
    await started.shopper?.close();
    started.shopper = undefined;
  };
  before(async () => {
    started.server = await serveStore(new URL('../../dist/', import.meta.url), pages, options);
    if (!eachTest) await launch();
  });
  if (eachTest) {
    beforeEach(launch, { timeout: 30_000 });
    afterEach(close, { timeout: 30_000 });
  }
  after(
    async () => {
      await close();
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
