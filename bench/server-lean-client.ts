import { connect, type Socket } from 'node:net';

/**
 * A minimal HTTP/1.1 client over one kept-alive loopback socket, for timing requests one at a
 * time: it writes the request line, three headers and the body, and reads a response framed by
 * `content-length` (what the server sends for GraphQL answers). Node's `http.request` spends
 * ~0.3 ms of JavaScript per call building a ClientRequest, going through the Agent and parsing
 * the answer with events; a browser or a compiled client spends far less, and none of it is the
 * server's. Not a general client: no chunked bodies, no redirects, one request at a time.
 */
export class LeanHttpClient {
  private readonly socket: Socket;
  private readonly ready: Promise<void>;
  private pending: { resolve: (answer: { status: number; text: string }) => void; reject: (error: Error) => void } | undefined;
  private buffer: Buffer = Buffer.alloc(0);

  constructor(
    private readonly host: string,
    private readonly port: number,
  ) {
    this.socket = connect({ host, port, noDelay: true });
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('error', reject);
    });
    this.socket.on('data', (chunk: Buffer) => this.received(chunk));
    this.socket.on('error', (error) => this.pending?.reject(error));
  }

  static forUrl(url: string): LeanHttpClient {
    const { hostname, port } = new URL(url);
    return new LeanHttpClient(hostname, Number(port));
  }

  async post(path: string, body: string): Promise<{ status: number; text: string }> {
    await this.ready;
    if (this.pending) throw new Error('one request at a time');
    const payload = Buffer.from(body, 'utf8');
    const head = `POST ${path} HTTP/1.1\r\nhost: ${this.host}:${this.port}\r\ncontent-type: application/json\r\ncontent-length: ${payload.length}\r\n\r\n`;
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(Buffer.concat([Buffer.from(head, 'latin1'), payload]));
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private received(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    const headEnd = this.buffer.indexOf('\r\n\r\n');
    if (headEnd < 0 || !this.pending) return;
    const head = this.buffer.subarray(0, headEnd).toString('latin1');
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    if (!length) {
      this.pending.reject(new Error(`no content-length in the answer: ${head.slice(0, 200)}`));
      this.pending = undefined;
      return;
    }
    const end = headEnd + 4 + Number(length[1]);
    if (this.buffer.length < end) return;
    const status = Number(head.slice(9, 12));
    const text = this.buffer.subarray(headEnd + 4, end).toString('utf8');
    this.buffer = this.buffer.subarray(end);
    const { resolve } = this.pending;
    this.pending = undefined;
    resolve({ status, text });
  }
}
