/**
 * Serves an embedded PGlite over the PostgreSQL wire protocol on a loopback
 * port, for many clients at once.
 *
 * Why not pglite-socket's own server: its queue interleaves clients message
 * by message, and outside a transaction one client's Parse can land between
 * another's Parse and Bind. With unnamed statements (postgres.js with
 * `prepare: false`, as the functions use) that runs the wrong statement or
 * fails with `portal "" does not exist`. PGlite is one session, so this server
 * hands it whole protocol units instead: everything a client sends up to a
 * Sync, Flush or simple Query runs in one go, and while a client is inside a
 * transaction or between a Flush and its Sync, nobody else runs.
 */
import { createServer, type Server, type Socket } from "node:net";
import type { PGlite } from "@electric-sql/pglite";

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;

/** One client connection and the protocol unit it is assembling. */
interface Client {
  socket: Socket;
  buffer: Buffer;
  /** Messages received since the last unit boundary. */
  pending: Buffer[];
  started: boolean;
  /** Between a Flush and its Sync: its unnamed statement/portal must survive. */
  midExtended: boolean;
}

/** A running server. */
export interface PgliteServer {
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts serving `db` on 127.0.0.1:`port` (0 picks a free port).
 * @throws when the port cannot be bound.
 */
export async function servePglite(db: PGlite, port = 0): Promise<PgliteServer> {
  const queue: { client: Client; unit: Buffer }[] = [];
  const clients = new Set<Client>();
  let owner: Client | null = null;
  let running = false;

  const pump = async () => {
    if (running) return;
    running = true;
    try {
      for (;;) {
        const index = owner ? queue.findIndex((item) => item.client === owner) : 0;
        if (index < 0 || queue.length === 0) break;
        const [{ client, unit }] = queue.splice(index, 1) as [{ client: Client; unit: Buffer }];
        if (!clients.has(client)) continue;
        await db.runExclusive(() =>
          db.execProtocolRawStream(new Uint8Array(unit), {
            onRawData: (data) => {
              if (client.socket.writable) client.socket.write(Buffer.from(data));
            },
          }),
        ).catch(() => client.socket.destroy());
        owner = db.isInTransaction() || client.midExtended ? client : null;
      }
    } finally {
      running = false;
    }
  };

  const onData = (client: Client, chunk: Buffer) => {
    client.buffer = client.buffer.length ? Buffer.concat([client.buffer, chunk]) : chunk;
    for (;;) {
      if (!client.started) {
        // Startup-phase packets have no type byte: length, then a code.
        if (client.buffer.length < 8) return;
        const length = client.buffer.readInt32BE(0);
        if (client.buffer.length < length) return;
        const code = client.buffer.readInt32BE(4);
        const packet = client.buffer.subarray(0, length);
        client.buffer = client.buffer.subarray(length);
        if (code === SSL_REQUEST) {
          client.socket.write("N");
        } else if (code === CANCEL_REQUEST) {
          client.socket.destroy();
          return;
        } else {
          client.started = true;
          queue.push({ client, unit: Buffer.from(packet) });
          void pump();
        }
        continue;
      }
      if (client.buffer.length < 5) return;
      const length = 1 + client.buffer.readInt32BE(1);
      if (client.buffer.length < length) return;
      const message = Buffer.from(client.buffer.subarray(0, length));
      client.buffer = client.buffer.subarray(length);
      const type = String.fromCharCode(message[0]!);
      if (type === "X") {
        client.socket.end();
        return;
      }
      client.pending.push(message);
      // Sync or a simple Query closes a unit; a Flush closes one but keeps the
      // client's unnamed statement reserved until its Sync.
      if (type === "S" || type === "Q" || type === "H") {
        client.midExtended = type === "H";
        queue.push({ client, unit: Buffer.concat(client.pending) });
        client.pending = [];
        void pump();
      }
    }
  };

  const onClose = async (client: Client) => {
    clients.delete(client);
    if (owner === client) {
      // A client that vanished mid-transaction must not block everyone else.
      // It stays the owner until the rollback is done, so nobody runs inside
      // its transaction; `exec` takes PGlite's lock itself.
      if (db.isInTransaction()) await db.exec("rollback").catch(() => {});
      owner = null;
      void pump();
    }
  };

  const server: Server = createServer((socket) => {
    socket.setNoDelay(true);
    const client: Client = { socket, buffer: Buffer.alloc(0), pending: [], started: false, midExtended: false };
    clients.add(client);
    socket.on("data", (chunk) => onData(client, chunk));
    socket.on("error", () => socket.destroy());
    socket.on("close", () => void onClose(client));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  return {
    port: typeof address === "object" && address ? address.port : port,
    stop: () =>
      new Promise<void>((resolve) => {
        for (const client of clients) client.socket.destroy();
        server.close(() => resolve());
      }),
  };
}
