import { rm } from 'node:fs/promises';

export default async function teardown() {
  const state = globalThis.__atelierMedium;
  if (!state) return;
  for (const stop of state.stops.reverse()) await stop();
  await rm(state.dir, { recursive: true, force: true });
}
