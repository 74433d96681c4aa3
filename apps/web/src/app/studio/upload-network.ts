/**
 * What the browser says about the connection, for "send only on Wi-Fi". Only some browsers tell
 * whether it is mobile data (`navigator.connection.type`, Chrome on Android); the others leave it
 * `unknown`, and the bin says so instead of pretending.
 */
export type NetworkKind = 'cellular' | 'wifi' | 'unknown';

interface NetworkInformationLike extends EventTarget {
  type?: string;
  effectiveType?: string;
  saveData?: boolean;
}

export function connection(): NetworkInformationLike | null {
  return (navigator as Navigator & { connection?: NetworkInformationLike }).connection ?? null;
}

export function networkKind(): NetworkKind {
  const type = connection()?.type;
  if (type === 'cellular') return 'cellular';
  if (type === 'wifi' || type === 'ethernet') return 'wifi';
  return 'unknown';
}

/** Calls `changed` whenever the browser reports another connection; returns how to stop listening. */
export function onNetworkChange(changed: () => void): () => void {
  const c = connection();
  if (!c?.addEventListener) return () => undefined;
  c.addEventListener('change', changed);
  return () => c.removeEventListener('change', changed);
}
