import { rm } from 'node:fs/promises';

export default async function teardown() {
  const state = globalThis.__atelierE2e;
  if (!state) return;
  await state.stack.stop();
  state.log.end();
  await rm(state.dataDir, { recursive: true, force: true });
}
