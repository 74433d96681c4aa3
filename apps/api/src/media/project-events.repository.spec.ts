import { describe, expect, it, jest } from '@jest/globals';
import type { AppConfig } from '../config/config.module.js';
import { ProjectEventsRepository } from './project-events.repository.js';

const PROJECT = 'c1a1b2c3-0000-4000-8000-000000000001';

function newTestRepository() {
  const sut = new ProjectEventsRepository({ databaseUrl: 'postgres://unused' } as AppConfig);
  const clip = jest.fn();
  const render = jest.fn();
  // listen() would connect; the handlers are what dispatch() uses.
  (sut as unknown as { handlers: unknown }).handlers = { clip, render };
  return { sut, clip, render };
}

describe(ProjectEventsRepository.name, () => {
  it('passes a render notification to the render handler and a clip notification to the clip handler', () => {
    const { sut, clip, render } = newTestRepository();
    const r = { renderId: 'r1', projectId: PROJECT, status: 'rendering', progress: 42 };
    const c = { clipId: 'c1', projectId: PROJECT, status: 'processing', progress: 10 };
    sut.dispatch('atelier_render_events', JSON.stringify(r));
    sut.dispatch('atelier_clip_events', JSON.stringify(c));
    expect(render).toHaveBeenCalledTimes(1);
    expect(render).toHaveBeenCalledWith(r);
    expect(clip).toHaveBeenCalledTimes(1);
    expect(clip).toHaveBeenCalledWith(c);
  });

  it('drops notifications that are malformed, on the wrong channel or of the other kind', () => {
    const { sut, clip, render } = newTestRepository();
    sut.dispatch('atelier_render_events', 'not json');
    sut.dispatch('atelier_render_events', undefined);
    sut.dispatch('atelier_render_events', JSON.stringify({ renderId: 'r1' }));
    sut.dispatch('atelier_render_events', JSON.stringify({ clipId: 'c1', projectId: PROJECT }));
    sut.dispatch('atelier_clip_events', JSON.stringify({ renderId: 'r1', projectId: PROJECT }));
    sut.dispatch('other_channel', JSON.stringify({ renderId: 'r1', clipId: 'c1', projectId: PROJECT }));
    sut.dispatch('atelier_clip_events', 'null');
    expect(render).not.toHaveBeenCalled();
    expect(clip).not.toHaveBeenCalled();
  });
});
