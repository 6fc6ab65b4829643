/**
 * Sessions keyed by graph shape (shapes are static per ONNX session), built on first use and kept
 * in a small LRU; evicted sessions are released. Owns every session it created: `release()` frees all.
 */
import { OrtSession, type OrtSessionOptions } from '../onnx/ort.js';

export class SessionCache {
  private readonly sessions = new Map<string, Promise<OrtSession>>();

  constructor(
    private readonly sessionOptions: Partial<OrtSessionOptions> = {},
    private readonly capacity = 8,
  ) {}

  /** The session for `key`, building the model with `build()` on a miss. */
  get(key: string, build: () => Uint8Array): Promise<OrtSession> {
    const hit = this.sessions.get(key);
    if (hit) {
      this.sessions.delete(key);
      this.sessions.set(key, hit);
      return hit;
    }
    const p = OrtSession.create(build(), this.sessionOptions);
    this.sessions.set(key, p);
    p.catch(() => this.sessions.delete(key));
    while (this.sessions.size > this.capacity) {
      const oldest = this.sessions.keys().next().value!;
      const s = this.sessions.get(oldest)!;
      this.sessions.delete(oldest);
      void s.then((x) => x.release()).catch(() => undefined);
    }
    return p;
  }

  get size(): number {
    return this.sessions.size;
  }

  async release(): Promise<void> {
    const all = [...this.sessions.values()];
    this.sessions.clear();
    for (const p of all) {
      try {
        await (await p).release();
      } catch {
        // creation failed: nothing to free
      }
    }
  }
}
