import { InvocationContext } from '@azure/functions';
import type { EmailMessageInput } from '@soins/shared';
import { describe, expect, it } from 'vitest';
import { DeliverEmail, deliveryDefaults, emailIdempotencyKey } from '../src/domain/email/deliver-email';
import { EMAIL_QUEUE, emailIds, enqueueEmail } from '../src/domain/email/enqueue';
import { EmailProviderError } from '../src/domain/email/ports';
import type { MessageBus, OutboundMessage } from '../src/domain/ports';
import { makeEmailConsumer } from '../src/functions/messaging/email-consumer';
import { FakeEmailSender, ManualClock, MemoryIdempotencyStore } from './fakes/email-fakes';
import { RecordingLogger } from './fakes/logger';

const address = 'lucie.martin@example.be';
const name = 'Lucie <Martin>';

function message(id = emailIds.welcome('u_42')): EmailMessageInput {
  return {
    id,
    request: {
      template: 'welcome',
      recipient: { userId: 'u_42', email: address, displayName: name, language: 'fr' },
    },
  };
}

function setup() {
  const clock = new ManualClock();
  const store = new MemoryIdempotencyStore(clock);
  const sender = new FakeEmailSender();
  const logger = new RecordingLogger();
  const sleeps: number[] = [];
  const deliver = new DeliverEmail({
    store,
    sender,
    clock,
    appUrl: 'https://app.soins.test',
    // The fake sleep moves the clock, so lease waits take no real time.
    sleep: (ms) => {
      sleeps.push(ms);
      clock.advance(ms);
      return Promise.resolve();
    },
  });
  const handler = makeEmailConsumer({ deliver, logger });
  let deliveries = 0;
  const deliver1 = (body: unknown = message()) =>
    handler(
      body,
      new InvocationContext({
        invocationId: `inv-${++deliveries}`,
        functionName: 'email-send',
        triggerMetadata: { messageId: 'welcome:u_42', deliveryCount: deliveries },
      }),
    );
  return { clock, store, sender, logger, sleeps, deliver: deliver1 };
}

function expectNoPersonalDataIn(logger: RecordingLogger): void {
  const logged = JSON.stringify(logger.lines);
  expect(logged).not.toContain(address);
  expect(logged).not.toContain('Lucie');
  expect(logged).not.toContain('@');
}

describe('email consumer', () => {
  it('sends one email with both parts, tag and idempotency metadata, then records it', async () => {
    const { sender, store, logger, deliver } = setup();
    await deliver();
    expect(sender.accepted).toHaveLength(1);
    const sent = sender.accepted[0];
    expect(sent).toMatchObject({
      to: address,
      subject: 'Bienvenue sur SOINS+',
      tag: 'welcome',
      messageStream: 'outbound',
      metadata: { idempotencyKey: 'welcome:u_42', template: 'welcome' },
    });
    expect(sent?.html).toContain('Lucie &lt;Martin&gt;');
    expect(sent?.text).toContain('Bonjour Lucie <Martin>,');
    expect(await store.status(emailIdempotencyKey('welcome:u_42'))).toMatchObject({
      state: 'completed',
      attempts: 1,
      result: { messageId: 'pm-1' },
    });
    expect(logger.events()).toEqual(['email.sent']);
    expectNoPersonalDataIn(logger);
  });

  it('processes a message once under redelivery: same id three times → one send', async () => {
    const { sender, logger, deliver, clock } = setup();
    await deliver();
    await deliver();
    clock.advance(24 * 3600_000);
    await deliver();
    expect(sender.attempts).toHaveLength(1);
    expect(sender.searches).toHaveLength(0);
    expect(logger.events()).toEqual(['email.sent', 'email.duplicate', 'email.duplicate']);
  });

  it('different ids are different emails', async () => {
    const { sender, deliver } = setup();
    await deliver(message(emailIds.welcome('u_42')));
    await deliver(message(emailIds.stripe('evt_1', 'welcome')));
    expect(sender.accepted).toHaveLength(2);
  });

  it('crash between send and record: the redelivery finds the message by metadata and does not resend', async () => {
    const { sender, store, logger, deliver, clock } = setup();
    store.crashed = true; // the process "dies" right after Postmark accepted the email
    await expect(deliver()).rejects.toThrow('process died');
    expect(sender.accepted).toHaveLength(1);
    store.crashed = false; // a new instance picks the message up again

    // Redelivered while the dead holder's lease still runs: waits, then gives the message back.
    await expect(deliver()).rejects.toThrow('email in_progress');
    expect(sender.attempts).toHaveLength(1);

    clock.advance(deliveryDefaults.leaseMs);
    await deliver();
    expect(sender.attempts).toHaveLength(1); // no second send
    expect(sender.searches).toEqual([{ name: 'idempotencyKey', value: 'welcome:u_42', stream: 'outbound' }]);
    expect(await store.status(emailIdempotencyKey('welcome:u_42'))).toMatchObject({
      state: 'completed',
      attempts: 2,
      result: { messageId: 'pm-1', recovered: true },
    });
    expect(logger.events()).toEqual(['email.deferred', 'email.recovered']);
    expectNoPersonalDataIn(logger);
  });

  it('sent but the record failed (store blip): the claim is released for a quick takeover, no resend', async () => {
    const { sender, store, logger, deliver, sleeps } = setup();
    store.failNextComplete = true;
    await expect(deliver()).rejects.toThrow('store unavailable');
    await deliver(); // waits out the settle delay only (not the whole lease), then recovers
    expect(sender.attempts).toHaveLength(1);
    expect(sleeps.reduce((a, b) => a + b, 0)).toBe(deliveryDefaults.settleMs);
    expect(await store.status(emailIdempotencyKey('welcome:u_42'))).toMatchObject({
      state: 'completed',
      result: { messageId: 'pm-1', recovered: true },
    });
    expect(logger.events()).toEqual(['email.recovered']);
  });

  it('crash after claiming but before sending: the takeover finds nothing and sends once', async () => {
    const { sender, store, deliver, clock } = setup();
    await store.claim(emailIdempotencyKey('welcome:u_42'), { leaseMs: deliveryDefaults.leaseMs }); // then died
    clock.advance(deliveryDefaults.leaseMs + 1);
    await deliver();
    expect(sender.searches).toHaveLength(1);
    expect(sender.accepted).toHaveLength(1);
    await deliver();
    expect(sender.accepted).toHaveLength(1);
  });

  it('waits for a live claim held by another delivery, then sees it completed', async () => {
    const { sender, store, deliver, clock, sleeps } = setup();
    const key = emailIdempotencyKey('welcome:u_42');
    await store.claim(key, { leaseMs: deliveryDefaults.leaseMs });
    // The other holder finishes while we wait (on our third look).
    let polls = 0;
    const original = store.claim.bind(store);
    store.claim = async (k, options) => {
      if (++polls === 3) await store.complete(key, { state: 'completed', result: { messageId: 'other' } });
      return original(k, options);
    };
    await deliver();
    expect(sender.attempts).toHaveLength(0);
    expect(sleeps.length).toBe(2);
    expect(clock.now().getTime()).toBeLessThan(
      Date.parse('2026-11-25T10:00:00Z') + deliveryDefaults.busyWaitMs,
    );
  });

  it('a permanent rejection is recorded as failed and never retried', async () => {
    const { sender, store, logger, deliver } = setup();
    sender.script = [new EmailProviderError('rejected', { status: 422, errorCode: 406 })];
    await deliver(); // returns normally: the queue must not retry
    await deliver();
    expect(sender.attempts).toHaveLength(1);
    expect(await store.status(emailIdempotencyKey('welcome:u_42'))).toMatchObject({
      state: 'failed',
      result: { reason: 'rejected', httpStatus: 422, errorCode: 406 },
    });
    expect(logger.events()).toEqual(['email.rejected', 'email.duplicate']);
    expect(logger.lines[0]?.fields).toMatchObject({ httpStatus: 422, errorCode: 406 });
    expectNoPersonalDataIn(logger);
  });

  it('a provider outage (5xx) releases the claim: the next delivery sends at once', async () => {
    const { sender, deliver, logger } = setup();
    sender.script = [new EmailProviderError('unavailable', { status: 503 })];
    await expect(deliver()).rejects.toThrow('email provider_unavailable');
    await deliver();
    expect(sender.accepted).toHaveLength(1);
    expect(sender.attempts).toHaveLength(2);
    expect(logger.events()).toEqual(['email.deferred', 'email.sent']);
  });

  it('a configuration error (bad token) is retried, not recorded as failed', async () => {
    const { sender, store, deliver } = setup();
    sender.script = [new EmailProviderError('configuration', { status: 401, errorCode: 10 })];
    await expect(deliver()).rejects.toThrow('email provider_configuration');
    expect((await store.status(emailIdempotencyKey('welcome:u_42')))?.state).toBe('in_progress');
    await deliver();
    expect(sender.accepted).toHaveLength(1);
  });

  it('a timeout after Postmark accepted: the next delivery waits for the settle delay and recovers', async () => {
    const { sender, deliver, logger } = setup();
    sender.script = [{ acceptThen: new EmailProviderError('unknown') }];
    await expect(deliver()).rejects.toThrow('email outcome_unknown');
    await deliver(); // busy during the settle delay (shorter than the busy wait), then takes over
    expect(sender.attempts).toHaveLength(1);
    expect(logger.events()).toEqual(['email.deferred', 'email.recovered']);
  });

  it('a failed search is not read as "not sent": the delivery is retried', async () => {
    const { sender, store, deliver, clock } = setup();
    store.crashed = true;
    await expect(deliver()).rejects.toThrow('process died');
    store.crashed = false;
    clock.advance(deliveryDefaults.leaseMs);
    sender.searchFailures = 1;
    await expect(deliver()).rejects.toThrow('email provider_unavailable');
    expect(sender.attempts).toHaveLength(1);
    await deliver(); // released at once, so this one searches again and recovers
    expect(sender.attempts).toHaveLength(1);
    expect(sender.searches).toHaveLength(2);
  });

  it('drops invalid messages without retrying and without logging their contents', async () => {
    const { sender, logger, deliver } = setup();
    await deliver({ id: 'welcome:u_42', request: { template: 'welcome', recipient: { email: address } } });
    await deliver('not json');
    await deliver({ ...message(), id: 'has/slash' });
    expect(sender.attempts).toHaveLength(0);
    expect(logger.events()).toEqual([
      'email.invalid_message',
      'email.invalid_message',
      'email.invalid_message',
    ]);
    expect(logger.lines[0]?.fields.issues).toContain('request.recipient.userId');
    expectNoPersonalDataIn(logger);
  });
});

describe('enqueueEmail', () => {
  class MemoryBus implements MessageBus {
    readonly sent: { queue: string; message: OutboundMessage<unknown> }[] = [];
    send<T>(queue: string, message: OutboundMessage<T>): Promise<void> {
      this.sent.push({ queue, message });
      return Promise.resolve();
    }
  }

  it('puts the validated message on the email queue with its idempotency key as message id', async () => {
    const bus = new MemoryBus();
    await enqueueEmail(bus, {
      id: emailIds.stripe('evt_9', 'payment_failed'),
      request: {
        template: 'payment_failed',
        recipient: { userId: 'u_1', email: address, displayName: 'Lucie', language: 'nl' },
        amountCents: 1500,
        currency: 'eur',
      },
    });
    expect(bus.sent).toHaveLength(1);
    expect(bus.sent[0]?.queue).toBe(EMAIL_QUEUE);
    expect(bus.sent[0]?.message.id).toBe('stripe:evt_9:payment_failed');
    expect(bus.sent[0]?.message.body).toMatchObject({
      id: 'stripe:evt_9:payment_failed',
      request: { currency: 'EUR' },
    });
  });

  it('refuses an invalid message before it reaches the queue', async () => {
    const bus = new MemoryBus();
    await expect(enqueueEmail(bus, { ...message(), id: '' })).rejects.toThrow();
    expect(bus.sent).toHaveLength(0);
  });

  it('derives keys from the causing event', () => {
    expect(emailIds.welcome('u_1')).toBe('welcome:u_1');
    expect(emailIds.stripe('evt_1', 'subscription_confirmed')).toBe('stripe:evt_1:subscription_confirmed');
    expect(emailIds.diplomaDecision('d_1', 'rejected')).toBe('diploma:d_1:rejected');
  });
});
