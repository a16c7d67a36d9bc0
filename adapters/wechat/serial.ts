/** Runs tasks in order per key; tasks of different keys run concurrently. */
export interface KeyedSerial {
  run<T>(key: string, task: () => Promise<T>): Promise<T>;
  /** Resolves when every task queued so far has settled. */
  idle(): Promise<void>;
}

/**
 * Wechaty emits messages as they come, without waiting for the previous handler: a reporter who
 * sends an answer and a photo in quick succession must still be handled in that order, while
 * other reporters are not held up. A failed task does not stop the ones queued after it.
 */
export function keyedSerial(): KeyedSerial {
  const tails = new Map<string, Promise<void>>();
  return {
    run(key, task) {
      const result = (tails.get(key) ?? Promise.resolve()).then(task);
      const tail = result.then(
        () => undefined,
        () => undefined,
      );
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return result;
    },
    async idle() {
      while (tails.size > 0) await Promise.all(tails.values());
    },
  };
}
