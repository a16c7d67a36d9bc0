/** Decides when a send may start; the outbox worker runs every send of a channel through one. */
export interface SendGate {
  /** Runs `send` for a message to `chatId` once the gate lets it start. */
  run<T>(chatId: string, send: () => Promise<T>): Promise<T>;
}

/**
 * One send at a time, in the order asked: for platforms without declared limits (web, terminal),
 * where sending is cheap and concurrency would only reorder what staff and tests observe.
 */
export class SerialGate implements SendGate {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(_chatId: string, send: () => Promise<T>): Promise<T> {
    const result = this.tail.then(send);
    this.tail = result.catch(() => undefined);
    return result;
  }
}
