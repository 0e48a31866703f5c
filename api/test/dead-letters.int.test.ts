// A Postmark outage through the real stack (the api bundle from main.ts in the local host, Azurite,
// Cosmos, the mail sink behind a switchable outage): the email consumer retries on its schedule, gives
// up, the broker dead-letters the message; an admin lists the dead letters on the operations routes
// and re-drives them once the provider is back; the email idempotency key makes it one email.
import { deadLettersSchema, type DeadLetterItem, type EmailMessageInput } from '@soins/shared';
import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startApiStack, type ApiStack } from '../../tests/support/api-stack';
import { EMAIL_QUEUE, emailIds, enqueueEmail } from '../src/domain/email/enqueue';

const emulators = inject('emulators');
let stack: ApiStack;
let proxy: Server;
const outage = { on: false };

/** The mail sink, or a 503 for every call while the outage is on. */
async function startOutageProxy(target: string): Promise<string> {
  proxy = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (outage.on) {
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ ErrorCode: 503, Message: 'Service unavailable' }));
        return;
      }
      const headers = Object.fromEntries(
        Object.entries(req.headers).filter(
          (entry): entry is [string, string] =>
            typeof entry[1] === 'string' &&
            !['host', 'connection', 'content-length', 'transfer-encoding'].includes(entry[0]),
        ),
      );
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      void fetch(`${target}${req.url ?? '/'}`, {
        method: req.method ?? 'GET',
        headers,
        ...(body ? { body } : {}),
      }).then(
        async (response) => {
          res.writeHead(response.status, {
            'content-type': response.headers.get('content-type') ?? 'application/json',
          });
          res.end(Buffer.from(await response.arrayBuffer()));
        },
        () => {
          res.writeHead(502).end();
        },
      );
    });
  });
  await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
}

beforeAll(async () => {
  const mailSinkUrl = await startOutageProxy(emulators.mailSinkUrl);
  stack = await startApiStack({ ...emulators, mailSinkUrl }, 'soins-dead-letters');
  await stack.host.queues.idle();
}, 120_000);

afterAll(async () => {
  await stack.stop();
  await new Promise((resolve) => proxy.close(resolve));
});

async function outbox(to: string): Promise<unknown[]> {
  const response = await fetch(`${emulators.mailSinkUrl}/api/messages?to=${encodeURIComponent(to)}`);
  return (await response.json()) as unknown[];
}

async function emailDeadLetters(): Promise<{ items: DeadLetterItem[]; raw: string }> {
  const response = await stack.call('admin', 'GET', 'manage/operations/dead-letters');
  expect(response.status).toBe(200);
  const raw = await response.text();
  const email = deadLettersSchema.parse(JSON.parse(raw)).queues.find((q) => q.queue === EMAIL_QUEUE);
  return { items: email?.items ?? [], raw };
}

const paymentFailed = (id: string, address: string): EmailMessageInput => ({
  id,
  request: {
    template: 'payment_failed',
    recipient: { userId: 'u_deadletter', email: address, displayName: 'Jan Peeters', language: 'nl' },
    amountCents: 1500,
    currency: 'eur',
  },
});

describe('dead letters through the real stack', () => {
  it('dead-letters emails during a Postmark outage, lists them without personal data, re-drives them into one email', async () => {
    const address = `dl-${randomUUID().slice(0, 8)}@example.be`;
    const other = `dl-${randomUUID().slice(0, 8)}@example.be`;
    const key = emailIds.stripe(`evt_${randomUUID().slice(0, 8)}`, 'payment_failed');
    const otherKey = emailIds.stripe(`evt_${randomUUID().slice(0, 8)}`, 'payment_failed');
    const bus = stack.composition.bus;

    outage.on = true;
    const message = await enqueueEmail(bus, paymentFailed(key, address));
    // The same email requested again beyond the duplicate window (Stripe retries for days): same
    // idempotency key in the body, another message id.
    await bus.send(EMAIL_QUEUE, { id: `${key}:again`, body: message });
    await enqueueEmail(bus, paymentFailed(otherKey, other));
    await stack.host.queues.idle();

    const { items, raw } = await emailDeadLetters();
    const first = items.find((i) => i.messageId === `${key}:retry:3`);
    const second = items.find((i) => i.messageId === `${key}:again:retry:3`);
    const third = items.find((i) => i.messageId === `${otherKey}:retry:3`);
    for (const item of [first, second, third]) {
      expect(item).toMatchObject({
        reason: 'MaxDeliveryCountExceeded',
        description: 'Message could not be consumed after 5 delivery attempts.',
        deliveryCount: 5,
        lastError: 'Error: email provider_unavailable',
      });
    }
    expect(raw).not.toContain(address);
    expect(raw).not.toContain('Jan Peeters');
    expect(await outbox(address)).toEqual([]);

    outage.on = false;
    const redrive = (id: string) =>
      stack.call('admin', 'POST', `manage/operations/dead-letters/${EMAIL_QUEUE}/${id}/redrive`);
    expect((await redrive(first?.id ?? '')).status).toBe(202);
    expect((await redrive(second?.id ?? '')).status).toBe(202);
    await stack.host.queues.idle();
    expect(await outbox(address)).toHaveLength(1);
    expect((await redrive(first?.id ?? '')).status).toBe(404);

    const purged = await stack.call(
      'admin',
      'DELETE',
      `manage/operations/dead-letters/${EMAIL_QUEUE}/${third?.id ?? ''}`,
    );
    expect(purged.status).toBe(204);
    await stack.host.queues.idle();
    expect(await outbox(other)).toEqual([]);
    const after = (await emailDeadLetters()).items.map((i) => i.id);
    expect(after).not.toContain(first?.id);
    expect(after).not.toContain(second?.id);
    expect(after).not.toContain(third?.id);
  }, 60_000);

  it('answers 404 for an unknown queue or a malformed id', async () => {
    expect(
      (await stack.call('admin', 'POST', 'manage/operations/dead-letters/nope/123/redrive')).status,
    ).toBe(404);
    expect(
      (await stack.call('admin', 'DELETE', `manage/operations/dead-letters/${EMAIL_QUEUE}/a%2Fb`)).status,
    ).toBe(404);
  });
});
