/**
 * Runs tasks one at a time per key, in arrival order, while different keys run side by side.
 * The intake keys it by chat: twenty messages a script fires at once from one chat would
 * otherwise race for the same conversation, each retrying until some give up; queued, each is a
 * turn after the one before, as the reporter meant them. Across processes the conversation's
 * version check still serialises them.
 */
export class PerKeyQueue {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `task` after every earlier task of `key` has settled. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const result = (this.tails.get(key) ?? Promise.resolve()).then(task);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    // The last task of a key leaves no entry behind.
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }

  /** How many keys have work queued or running. */
  get size(): number {
    return this.tails.size;
  }
}
