/**
 * A mail that fails to send is tried again with backoff until the SMTP server takes it, or
 * given up after the last try; a hanging SMTP server fails a try instead of blocking, and
 * does not hold up stopping the server. Against a tiny SMTP server on 127.0.0.1.
 */
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, describe, test } from 'node:test';
import { startDemoServer, type StartedDemoServer } from '../../../demo/server/start.js';
import { callApi, callPage } from './fixture.js';

type Mode = 'hang' | 'refuse' | 'accept';

/** Speaks just enough SMTP for nodemailer: greeting, EHLO, MAIL, RCPT, DATA, QUIT. */
class FakeSmtp {
  mode: Mode = 'hang';
  connections = 0;
  readonly received: string[] = [];
  readonly #sockets = new Set<Socket>();
  readonly #server: Server = createServer((socket) => this.#serve(socket));

  async listen(): Promise<string> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    const address = this.#server.address();
    return `smtp://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  }

  async close(): Promise<void> {
    for (const socket of this.#sockets) socket.destroy();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #serve(socket: Socket): void {
    this.connections += 1;
    this.#sockets.add(socket);
    socket.on('close', () => this.#sockets.delete(socket));
    socket.on('error', () => undefined);
    if (this.mode === 'hang') return;
    if (this.mode === 'refuse') {
      socket.end('554 not now\r\n');
      return;
    }
    socket.write('220 fake.example ESMTP\r\n');
    let buffer = '';
    let data = false;
    socket.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      for (;;) {
        if (data) {
          const end = buffer.indexOf('\r\n.\r\n');
          if (end < 0) return;
          this.received.push(buffer.slice(0, end));
          buffer = buffer.slice(end + 5);
          data = false;
          socket.write('250 2.0.0 queued\r\n');
          continue;
        }
        const line = buffer.indexOf('\r\n');
        if (line < 0) return;
        const command = buffer.slice(0, line).toUpperCase();
        buffer = buffer.slice(line + 2);
        if (command.startsWith('EHLO')) socket.write('250-fake.example\r\n250 8BITMIME\r\n');
        else if (command.startsWith('DATA')) {
          data = true;
          socket.write('354 go ahead\r\n');
        } else if (command.startsWith('QUIT')) socket.end('221 bye\r\n');
        else socket.write('250 OK\r\n');
      }
    });
  }
}

interface Delivery { sentAt: string | null; attempts: number; nextAttemptAt: string | null; lastError: string | null; gaveUp: boolean }

async function until<T>(what: string, read: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what}: still ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Resends an order's confirmation and returns a reader of that mail's delivery. */
async function sendOne(server: StartedDemoServer, skip: number): Promise<{ subject: string; delivery: () => Promise<Delivery | undefined> }> {
  const orders = (await (await callApi(server, '/orders?limit=10')).json()) as { items: { id: string }[] };
  const orderId = orders.items[skip]!.id;
  const sent = (await (await callApi(server, `/orders/${orderId}/confirmation-email`, { method: 'POST' })).json()) as { messageId: string };
  const delivery = async () => {
    const outbox = (await (await callPage(server, '/outbox.json')).json()) as { items: { id: string; subject: string; delivery: Delivery }[] };
    return outbox.items.find((m) => m.id === sent.messageId)?.delivery;
  };
  const outbox = (await (await callPage(server, '/outbox.json')).json()) as { items: { id: string; subject: string }[] };
  return { subject: outbox.items.find((m) => m.id === sent.messageId)!.subject, delivery };
}

describe('mail retries', () => {
  const smtp = new FakeSmtp();
  const servers: StartedDemoServer[] = [];
  after(async () => {
    for (const server of servers) await server.close();
    await smtp.close();
  });
  const start = async (mail: NonNullable<Parameters<typeof startDemoServer>[0]>['mail']) => {
    const server = await startDemoServer({ databasePath: ':memory:', orders: 20, bigOrderLicenses: 0, smtpUrl: await smtpUrl(), mail, warn: () => undefined });
    servers.push(server);
    return server;
  };
  let url: string | undefined;
  const smtpUrl = async () => (url ??= await smtp.listen());
  const quick = { connection: 300, greeting: 300, socket: 300 };

  test('a mail the SMTP server did not take is tried again after a delay until it is delivered', async () => {
    smtp.mode = 'hang';
    const server = await start({ retryDelaysMs: [400, 400, 400, 400], checkEveryMs: 50, timeoutsMs: quick });
    const mail = await sendOne(server, 0);
    const failed = await until('the first try fails', mail.delivery, (d) => (d?.attempts ?? 0) >= 1);
    assert.equal(failed?.sentAt, null);
    assert.equal(failed?.gaveUp, false);
    assert.ok(failed?.lastError, 'the last error is shown');
    assert.ok(failed?.nextAttemptAt !== null && Date.parse(failed!.nextAttemptAt) > Date.now() - 1000, 'the next try is shown');
    const html = await (await callPage(server, '/outbox')).text();
    assert.match(html, /Waiting to retry<br>\d+ attempts?<br>Next try /);

    smtp.mode = 'accept';
    const delivered = await until('the mail is delivered', mail.delivery, (d) => d?.sentAt !== null);
    assert.ok((delivered?.attempts ?? 0) >= 2);
    assert.equal(delivered?.nextAttemptAt, null);
    assert.ok(smtp.received.some((message) => message.includes(mail.subject)), 'the SMTP server got the mail');
  });

  test('a mail is given up after the last retry, and the outbox says so', async () => {
    smtp.mode = 'refuse';
    const server = await start({ retryDelaysMs: [100, 100], checkEveryMs: 50, timeoutsMs: quick });
    const mail = await sendOne(server, 1);
    const given = await until('the mail is given up', mail.delivery, (d) => d?.gaveUp === true);
    assert.equal(given?.attempts, 3, 'one try and one per delay');
    assert.equal(given?.nextAttemptAt, null);
    assert.equal(given?.sentAt, null);
    await new Promise((resolve) => setTimeout(resolve, 300));
    assert.equal((await mail.delivery())?.attempts, 3, 'no try after giving up');
    assert.match(await (await callPage(server, '/outbox')).text(), /Given up<br>3 attempts/);
  });

  test('the server stops within a few seconds while the SMTP server hangs', async () => {
    smtp.mode = 'hang';
    const before = smtp.connections;
    const server = await start({});
    await sendOne(server, 2);
    await until('the mailer connects', async () => smtp.connections, (n) => n > before);
    const started = Date.now();
    await server.close();
    assert.ok(Date.now() - started < 4_000, `closing took ${Date.now() - started} ms`);
  });
});
