/**
 * The upload list kept in this browser's IndexedDB, so that closing the tab or the browser (or the
 * phone killing it) loses nothing: each upload's file name, group, size, tus address, bytes sent
 * — and, for a file of at most `KEEP_FILE_BYTES` when the browser has room, the file
 * itself, so the upload continues on its own when the page opens again. A bigger file is not
 * copied (it would double the space it takes on a cheap phone): the person chooses the same file
 * again (matched by name, size and last change) and it continues from the bytes the server has.
 */

/** Files up to this size are kept in the browser while they upload (most phone clips are smaller). */
export const KEEP_FILE_BYTES = 200 * 1024 * 1024;

const DB = 'atelier-uploads';
const STORE = 'uploads';

export interface StoredUpload {
  /** The fingerprint: project, name, type, size, last change (the same as tus's). */
  key: string;
  projectId: string;
  name: string;
  type: string;
  size: number;
  lastModified: number;
  /** The tus upload's address once the server created it. */
  url: string | null;
  /** Bytes the server had acknowledged at the last request (shown until it answers again). */
  sent: number;
  /** The file itself, when it was small enough to keep. */
  blob: Blob | null;
}

export function uploadKey(
  projectId: string,
  f: { name: string; type: string; size: number; lastModified: number },
): string {
  return ['atelier-clip', projectId, f.name, f.type, f.size, f.lastModified].join(':');
}

let opened: Promise<IDBDatabase | null> | null = null;

function open(): Promise<IDBDatabase | null> {
  opened ??= new Promise((resolve) => {
    if (typeof indexedDB === 'undefined') return resolve(null);
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'key' });
    req.onsuccess = () => resolve(req.result);
    // Private windows of some browsers refuse IndexedDB: uploads then work as before, unremembered.
    req.onerror = () => resolve(null);
  });
  return opened;
}

async function run<T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T | null> {
  const db = await open();
  if (!db) return null;
  return new Promise((resolve) => {
    const tx = db.transaction(STORE, mode);
    const req = op(tx.objectStore(STORE));
    tx.oncomplete = () => resolve(req.result);
    tx.onerror = () => resolve(null);
    tx.onabort = () => resolve(null);
  });
}

export const uploadStore = {
  all: async (): Promise<StoredUpload[]> =>
    (await run('readonly', (s) => s.getAll() as IDBRequest<StoredUpload[]>)) ?? [],
  put: async (u: StoredUpload): Promise<void> => {
    await run('readwrite', (s) => s.put(u));
  },
  /** Changes some fields of a stored upload, if it is still there. */
  patch: async (key: string, change: Partial<Omit<StoredUpload, 'key'>>): Promise<void> => {
    const db = await open();
    if (!db) return;
    await new Promise<void>((resolve) => {
      const tx = db.transaction(STORE, 'readwrite');
      const store = tx.objectStore(STORE);
      const get = store.get(key) as IDBRequest<StoredUpload | undefined>;
      get.onsuccess = () => {
        if (get.result) store.put({ ...get.result, ...change });
      };
      tx.oncomplete = () => resolve();
      tx.onerror = () => resolve();
      tx.onabort = () => resolve();
    });
  },
  remove: async (key: string): Promise<void> => {
    await run('readwrite', (s) => s.delete(key));
  },
};

/** Whether a file of this size may be kept in the browser: under the cap, and with room to spare. */
export async function mayKeepFile(size: number): Promise<boolean> {
  if (size > KEEP_FILE_BYTES) return false;
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  if (!estimate?.quota) return true;
  return (estimate.usage ?? 0) + size * 2 < estimate.quota;
}
