import { Injectable } from '@nestjs/common';

/**
 * The open live streams of this instance, so a shutdown can end them: a stream never ends by itself, and
 * the HTTP server would otherwise wait for it until its drain bound.
 */
@Injectable()
export class LiveStreams {
  private readonly open = new Set<() => void>();

  add(end: () => void): void {
    this.open.add(end);
  }

  remove(end: () => void): void {
    this.open.delete(end);
  }

  /** Ends every open stream (the browser reconnects, to another instance if this one is going away). */
  endAll(): void {
    for (const end of [...this.open]) end();
  }
}
