import { type IncomingMessage } from 'node:http';
import { type AddressInfo } from 'node:net';

import { WebSocketServer, type RawData, type WebSocket } from 'ws';

/** A handshake's verdict: accept, or refuse with an HTTP status. */
export type WsFakeVerdict = true | { status: number; reason: string };

/**
 * The plumbing the WebSocket fakes share: a `ws` server on 127.0.0.1 and a free port, handshakes
 * refused on demand (`refuseNextConnections`) or by the fake's own check, live clients tracked by
 * id, raw frames, a switch to drop every connection, polling, and close. `P` is what a test sees of
 * a client; the fake adds the socket.
 */
export abstract class WsFakeServer<P extends { readonly id: number }> {
  protected readonly clients = new Map<number, P & { readonly socket: WebSocket }>();
  private nextId = 1;
  private refuse = 0;
  /** Handshakes accepted since start. */
  connections = 0;
  /** Handshakes refused (the fake's check or `refuseNextConnections`). */
  rejected = 0;

  protected constructor(
    protected readonly server: WebSocketServer,
    /** Names the fake in `waitUntil`'s error. */
    private readonly label: string,
    /** What `refuseNextConnections` answers with. */
    private readonly refusal: { status: number; reason: string },
  ) {}

  /** Binds 127.0.0.1 on a free port, with `create` building the fake around the server. */
  protected static async listen<T extends WsFakeServer<{ readonly id: number }>>(
    create: (server: WebSocketServer) => T,
  ): Promise<T> {
    const server = new WebSocketServer({
      host: '127.0.0.1',
      port: 0,
      verifyClient: (info, done) => {
        const verdict = fake.verify(info.req);
        if (verdict === true) done(true);
        else done(false, verdict.status, verdict.reason);
      },
    });
    // verifyClient only runs on a handshake, after `fake` exists.
    const fake = create(server);
    server.on('connection', (socket, req) => fake.accept(socket, req));
    await new Promise<void>((resolve, reject) => {
      server.once('listening', resolve);
      server.once('error', reject);
    });
    return fake;
  }

  /** The port the server listens on. */
  protected get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get clientCount(): number {
    return this.clients.size;
  }

  get liveClients(): readonly P[] {
    return [...this.clients.values()];
  }

  /** Refuses the next `count` handshakes with the fake's refusal status. */
  refuseNextConnections(count: number): void {
    this.refuse = count;
  }

  /** Sends bytes or text as they are, for malformed-frame tests. */
  sendRaw(data: Buffer | string): void {
    for (const client of this.clients.values()) {
      if (client.socket.readyState === client.socket.OPEN) client.socket.send(data);
    }
  }

  /** Kills every connection without a close handshake, as a network drop would. */
  dropConnections(): void {
    for (const client of this.clients.values()) client.socket.terminate();
    this.clients.clear();
  }

  /** Resolves once `predicate` holds, polling every 5 ms; rejects after `timeoutMs`. */
  async waitUntil(predicate: (fake: this) => boolean, timeoutMs = 5000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate(this)) {
      if (Date.now() > deadline) throw new Error(`${this.label}: condition not met in ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async close(): Promise<void> {
    for (const client of this.clients.values()) client.socket.terminate();
    this.clients.clear();
    await new Promise<void>((resolve, reject) => this.server.close((err) => (err ? reject(err) : resolve())));
  }

  /** The fake's own handshake check, after any refusal asked for. */
  protected abstract check(req: IncomingMessage): WsFakeVerdict;

  /** The client record for a new connection. */
  protected abstract createClient(
    id: number,
    socket: WebSocket,
    req: IncomingMessage,
  ): P & { readonly socket: WebSocket };

  /** A frame from a live client. */
  protected abstract handleMessage(
    client: P & { readonly socket: WebSocket },
    data: RawData,
    isBinary: boolean,
  ): void;

  private verify(req: IncomingMessage): WsFakeVerdict {
    if (this.refuse > 0) {
      this.refuse--;
      this.rejected++;
      return this.refusal;
    }
    const verdict = this.check(req);
    if (verdict !== true) this.rejected++;
    return verdict;
  }

  private accept(socket: WebSocket, req: IncomingMessage): void {
    const client = this.createClient(this.nextId++, socket, req);
    this.connections++;
    this.clients.set(client.id, client);
    socket.on('close', () => this.clients.delete(client.id));
    socket.on('error', () => this.clients.delete(client.id));
    socket.on('message', (data, isBinary) => this.handleMessage(client, data, isBinary));
  }
}
