import type net from 'node:net';
import type { LengthPrefixedFramer } from './length-prefixed-framer.js';

type OnFrame = (frame: Buffer, pooled: Buffer | undefined) => void;

export interface RequestFlowControlOptions {
  /** Requests taken from the connection and not yet answered before it stops reading. */
  maxInflightRequests: number;
  /** The number of requests taken and not yet answered (the protocol keeps the count). */
  inFlight: () => number;
  /** Called with whatever a frame handler throws while buffered frames are handed out on resume. */
  onError: (err: unknown) => void;
}

/**
 * Back-pressure for one connection: stops reading (framer held mid-chunk, socket paused) while too many
 * requests are unanswered or while responses queue in the socket because the peer does not read
 * (`writableNeedDrain`), and reads again once both have fallen back. So a client that pipelines
 * thousands of requests without reading the answers costs at most `maxInflightRequests` requests and
 * their responses, plus one socket chunk, whatever it sends.
 */
export class RequestFlowControl {
  private paused = false;

  constructor(
    private readonly socket: net.Socket,
    private readonly framer: LengthPrefixedFramer,
    private readonly onFrame: OnFrame,
    private readonly options: RequestFlowControlOptions,
  ) {
    socket.on('drain', () => this.update());
  }

  /** Feeds received bytes; frames are handed out until a limit is reached. */
  onData(chunk: Buffer): void {
    this.framer.push(chunk, (frame, pooled) => {
      this.onFrame(frame, pooled);
      this.update();
    });
  }

  /** Re-checks the limits: after a request was taken or answered, or after a write. */
  update(): void {
    if (this.socket.destroyed) return;
    const { maxInflightRequests, inFlight } = this.options;
    const overLimit = inFlight() >= maxInflightRequests || this.socket.writableNeedDrain;
    if (overLimit) {
      if (!this.paused) {
        this.paused = true;
        this.framer.hold();
        this.socket.pause();
      }
      return;
    }
    if (!this.paused || inFlight() > maxInflightRequests / 2) return;
    this.paused = false;
    this.socket.resume();
    try {
      this.framer.release((frame, pooled) => {
        this.onFrame(frame, pooled);
        this.update();
      });
    } catch (err) {
      this.options.onError(err);
    }
  }

  /** True while the connection is not being read. */
  get isPaused(): boolean {
    return this.paused;
  }
}
