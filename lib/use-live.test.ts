// The page's live stream: one EventSource however many hooks listen; a reconnect or the server's
// `resync` tells every listener to re-fetch; a refused connection is tried again with back-off; a
// stream the server ended with the session stays closed.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { subscribeLive, type LiveEventSource, type LiveSignal } from './use-live';

class FakeSource implements LiveEventSource {
  readyState = 0;
  closed = false;
  private listeners = new Map<string, Array<(e: MessageEvent) => void>>();
  constructor(readonly url: string) {}
  addEventListener(type: string, listener: (e: MessageEvent) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  close() {
    this.closed = true;
    this.readyState = 2;
  }
  fire(type: string, data = '{}') {
    if (type === 'ready') this.readyState = 1;
    for (const l of this.listeners.get(type) ?? []) l({ data } as MessageEvent);
  }
  refuse() {
    this.readyState = 2;
    this.fire('error');
  }
}

describe('subscribeLive', () => {
  let sources: FakeSource[];
  const createEventSource = (url: string) => {
    const s = new FakeSource(url);
    sources.push(s);
    return s;
  };
  beforeEach(() => {
    sources = [];
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('shares one EventSource between listeners and closes it after the last', () => {
    const a: LiveSignal[] = [];
    const b: LiveSignal[] = [];
    const offA = subscribeLive((s) => a.push(s), { url: '/t1', createEventSource });
    const offB = subscribeLive((s) => b.push(s), { url: '/t1', createEventSource });
    expect(sources).toHaveLength(1);
    sources[0].fire('ready');
    sources[0].fire('order');
    sources[0].fire('notification');
    expect(a).toEqual(['order', 'notification']);
    expect(b).toEqual(['order', 'notification']);
    offA();
    expect(sources[0].closed).toBe(false);
    offB();
    expect(sources[0].closed).toBe(true);
  });

  it('asks for a re-fetch on resync and on every ready after the first (a reconnect)', () => {
    const got: LiveSignal[] = [];
    const off = subscribeLive((s) => got.push(s), { url: '/t2', createEventSource });
    sources[0].fire('ready');
    expect(got).toEqual([]);
    sources[0].fire('resync');
    sources[0].fire('ready'); // the browser reconnected by itself
    expect(got).toEqual(['resync', 'resync']);
    off();
  });

  it('tries a refused connection again after 5 s, doubling, and re-fetches once back', () => {
    const got: LiveSignal[] = [];
    const off = subscribeLive((s) => got.push(s), { url: '/t3', createEventSource });
    sources[0].fire('ready');
    sources[0].refuse(); // e.g. 503 while the database is down, or 429
    vi.advanceTimersByTime(4_999);
    expect(sources).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(sources).toHaveLength(2);
    sources[1].refuse();
    vi.advanceTimersByTime(9_999);
    expect(sources).toHaveLength(2);
    vi.advanceTimersByTime(1);
    expect(sources).toHaveLength(3);
    sources[2].fire('ready');
    expect(got).toEqual(['resync']);
    off();
    expect(sources[2].closed).toBe(true);
  });

  it('stays closed when the server ended the stream with the session, reconnects after a scope change', () => {
    const off = subscribeLive(() => {}, { url: '/t4', createEventSource });
    sources[0].fire('ready');
    sources[0].fire('end', '{"reason":"scope_changed"}');
    expect(sources[0].closed).toBe(false); // the browser reconnects with the new scope
    sources[0].fire('end', '{"reason":"session_ended"}');
    expect(sources[0].closed).toBe(true);
    vi.advanceTimersByTime(120_000);
    expect(sources).toHaveLength(1);
    off();
  });
});
