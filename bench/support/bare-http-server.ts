// The machine's floor for the HTTP benchmarks: node:http answering every request with a small JSON body
// once it has read the request, with no framework and no logic. What it measures is the load generator,
// the loopback and the scheduler of this machine. PORT picks the port.
import { createServer } from 'node:http';

const body = JSON.stringify({ decision: 'allow', reason: 'bare node:http', windows: [] });

createServer((request, response) => {
  request.resume();
  request.on('end', () => {
    response.writeHead(200, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(body),
    });
    response.end(body);
  });
}).listen(Number(process.env['PORT']), '127.0.0.1');

process.on('SIGTERM', () => {
  process.exit(0);
});
