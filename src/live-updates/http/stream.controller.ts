import { Controller, Get, Headers, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Roles } from '../../auth/auth.decorators';
import { Produces } from '../../common/http/request-contract';
import { liveUpdateOf, serverSentEvent } from '../domain/live-update';
import { StoreTail } from '../infrastructure/store-tail';
import { LiveStreams } from '../live-streams';

/** A comment line every 15 s keeps proxies and browsers from closing an idle stream. */
export const HEARTBEAT_MS = 15_000;
/** How long a browser waits before reconnecting after the stream drops. */
const RETRY_MS = 3_000;

/** A Last-Event-ID this stream issued (a store position), else undefined: the stream starts from now. */
function lastEventId(raw: string | undefined): bigint | undefined {
  return raw !== undefined && /^\d{1,19}$/.test(raw) ? BigInt(raw) : undefined;
}

/** Live updates for the console, as Server-Sent Events. */
@Controller('v1')
export class StreamController {
  constructor(
    private readonly tail: StoreTail,
    private readonly streams: LiveStreams,
  ) {}

  /**
   * `event: change`, `event: alert` and `event: freeze-window`, each with the store position as its id,
   * as they are stored by any instance; a comment every 15 s. Resumes after `Last-Event-ID`.
   */
  @Get('stream')
  @Roles('reviewer')
  @Produces('text/event-stream')
  async stream(@Res() reply: FastifyReply, @Headers('last-event-id') lastEvent?: string): Promise<void> {
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      // nginx and others buffer responses by default; this one must reach the browser as written.
      'x-accel-buffering': 'no',
    });
    raw.write(`retry: ${RETRY_MS}\n: connected\n\n`);
    const state = { closed: false };
    const heartbeat = setInterval(() => {
      raw.write(': heartbeat\n\n');
    }, HEARTBEAT_MS);
    const end = (): void => {
      if (state.closed) return;
      state.closed = true;
      clearInterval(heartbeat);
      detach();
      this.streams.remove(end);
      raw.end();
    };
    let detach: () => void = () => undefined;
    this.streams.add(end);
    // The response closes when the client goes (or the connection drops).
    raw.on('close', end);
    try {
      detach = await this.tail.subscribe(
        {
          deliver: (event) => {
            const update = liveUpdateOf(event);
            if (update !== undefined && !state.closed) raw.write(serverSentEvent(event.position, update));
          },
        },
        lastEventId(lastEvent),
      );
    } catch (error) {
      end();
      throw error;
    }
    // The client may have gone while the subscription was being made.
    if (state.closed) detach();
  }
}
