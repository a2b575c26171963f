import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A small HTTP server on 127.0.0.1 for uri/get_url tests; records the requests it got. */
export interface TestServer {
  url: string;
  requests: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[];
  close(): Promise<void>;
}

export async function startServer(files: Record<string, string>): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      requests.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      const path = (req.url ?? '/').split('?')[0]!;
      if (path === '/echo') {
        res.writeHead(201, { 'Content-Type': 'application/json', 'X-Test': 'yes' });
        res.end(JSON.stringify({ method: req.method, body, ctype: req.headers['content-type'] ?? null }));
      } else if (path === '/redirect') {
        res.writeHead(302, { Location: '/hello.txt' });
        res.end();
      } else if (path in files) {
        res.writeHead(200, {
          'Content-Type': 'text/plain',
          'Content-Length': Buffer.byteLength(files[path]!),
        });
        res.end(req.method === 'HEAD' ? undefined : files[path]);
      } else {
        res.writeHead(404, { 'Content-Type': 'text/plain' });
        res.end('not here\n');
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
