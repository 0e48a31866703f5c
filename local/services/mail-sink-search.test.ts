import { describe, expect, it } from 'vitest';
import { searchOutbound, validateMessage, type StoredMessage } from './mail-sink';

function stored(fields: Record<string, unknown>): StoredMessage {
  return validateMessage({ From: 'no-reply@soins.test', TextBody: 'x', ...fields });
}

// Stored oldest first, like the sink keeps them.
const messages = [
  stored({ To: 'a@example.be', Tag: 'welcome', Metadata: { idempotencyKey: 'welcome:u_1' } }),
  stored({ To: 'b@example.be', Tag: 'welcome', Metadata: { idempotencyKey: 'welcome:u_2' } }),
  stored({
    To: 'b@example.be',
    Tag: 'payment_failed',
    Metadata: { idempotencyKey: 'stripe:evt_1:payment_failed' },
  }),
  stored({
    To: 'Chloé <c@example.be>',
    MessageStream: 'broadcast',
    Metadata: { idempotencyKey: 'welcome:u_1' },
  }),
];
const search = (query: string) => searchOutbound(messages, new URLSearchParams(query));

describe('mail sink outbound search (Postmark GET /messages/outbound)', () => {
  it('filters by metadata in the default outbound stream, in Postmark’s shape', () => {
    const result = search('count=10&offset=0&metadata_idempotencyKey=welcome:u_1');
    expect(result.TotalCount).toBe(1);
    expect(result.Messages[0]).toMatchObject({
      MessageID: messages[0]?.id,
      MessageStream: 'outbound',
      Tag: 'welcome',
      To: [{ Email: 'a@example.be', Name: '' }],
      Recipients: ['a@example.be'],
      Status: 'Sent',
      Metadata: { idempotencyKey: 'welcome:u_1' },
    });
    expect(
      search('count=10&offset=0&messagestream=broadcast&metadata_idempotencyKey=welcome:u_1').Messages[0],
    ).toMatchObject({
      MessageID: messages[3]?.id,
      To: [{ Email: 'c@example.be', Name: 'Chloé' }],
    });
    expect(search('count=10&offset=0&metadata_idempotencyKey=nope').TotalCount).toBe(0);
  });

  it('filters by recipient and tag, newest first, with count and offset', () => {
    const both = search('count=10&offset=0&recipient=B@example.be');
    expect(both.TotalCount).toBe(2);
    expect(both.Messages.map((m) => m.MessageID)).toEqual([messages[2]?.id, messages[1]?.id]);
    const page = search('count=1&offset=1&recipient=b@example.be');
    expect(page.TotalCount).toBe(2);
    expect(page.Messages.map((m) => m.MessageID)).toEqual([messages[1]?.id]);
    expect(search('count=10&offset=0&tag=payment_failed').TotalCount).toBe(1);
  });

  it('requires count and offset like Postmark', () => {
    expect(() => search('offset=0')).toThrow(/count/);
    expect(() => search('count=501&offset=0')).toThrow(/count/);
    expect(() => search('count=1')).toThrow(/offset/);
  });
});
