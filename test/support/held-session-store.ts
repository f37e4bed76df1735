/**
 * Holds the widget's IndexedDB store busy, so a read of the stored session waits until `release()`:
 * how a test makes a slow device (IndexedDB opening for tens of ms after a page load) happen every
 * time rather than now and then. The store must exist (something was saved before).
 *
 * A transaction stays open only while it has requests pending, so the hold keeps one request in flight
 * after another; a request made meanwhile (the widget's read, a clear) waits behind it, in order.
 */
export interface SessionStoreHold {
  /** Lets the store go; resolves once the held transaction has finished. */
  release(): Promise<void>;
}

export async function holdSessionStore(): Promise<SessionStoreHold> {
  const database = await new Promise<IDBDatabase>((resolve, reject) => {
    const request = indexedDB.open('totebot-chat');
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
  const transaction = database.transaction('sessions', 'readwrite');
  const store = transaction.objectStore('sessions');
  let held = true;
  const spin = () => {
    if (held) store.count().onsuccess = spin;
  };
  spin();
  const finished = new Promise<void>((resolve, reject) => {
    transaction.oncomplete = () => resolve();
    transaction.onerror = () => reject(transaction.error);
  });
  return {
    async release() {
      held = false;
      await finished;
      database.close();
    },
  };
}

/**
 * Resolves once every request on the widget's store made before it has been answered: a read/write
 * transaction starts only after the transactions created before it (the widget's read of the stored
 * session among them) have finished.
 */
export async function storeRequestsAnswered(): Promise<void> {
  await (await holdSessionStore()).release();
}
