/** 128 random bits as hex (getRandomValues works on plain-http LAN addresses, randomUUID does not). */
export function randomId(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
