// A loopback port nobody listens on: bound on port 0, then released. For tests that need an
// address where nothing answers, or a port to hand to a child process.

import net from 'node:net';

export async function releasedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
