// A raw TCP server on loopback for tests of what an HTTP client sends, or of how it fails when no
// answer comes: each connection goes to the test, and those still open are destroyed on close.

import net from 'node:net';

export interface SocketServer {
  url: string;
  close(): Promise<void>;
}

export async function startSocketServer(onSocket: (socket: net.Socket) => void = () => {}): Promise<SocketServer> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    onSocket(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
