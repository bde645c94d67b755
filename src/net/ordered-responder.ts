/**
 * Keeps responses of pipelined requests in request order. Each request takes a slot when it arrives;
 * a slot is filled with the response chunks (or with null for "no response", Kafka acks=0) whenever the
 * handler finishes; ready slots at the head are written out together.
 */
export class OrderedResponder {
  private readonly slots: (Buffer[] | null | undefined)[] = [];
  private head = 0;

  constructor(private readonly write: (chunks: Buffer[]) => void) {}

  /** Number of requests taken and not yet answered. */
  get inFlight(): number {
    return this.slots.length - this.head;
  }

  open(): number {
    this.slots.push(undefined);
    return this.slots.length - 1;
  }

  fill(slot: number, chunks: Buffer[] | null): void {
    this.slots[slot] = chunks;
    if (slot !== this.head) return;
    const out: Buffer[] = [];
    while (this.head < this.slots.length && this.slots[this.head] !== undefined) {
      const ready = this.slots[this.head];
      if (ready) for (const c of ready) out.push(c);
      this.slots[this.head] = undefined;
      this.head++;
    }
    if (this.head === this.slots.length) {
      this.slots.length = 0;
      this.head = 0;
    }
    if (out.length > 0) this.write(out);
  }
}
