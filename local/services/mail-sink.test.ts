import { describe, expect, it } from 'vitest';
import { parseAddressList, validateMessage } from './mail-sink';

const valid = { From: 'no-reply@soins.example', To: 'ana@example.be', Subject: 'Hi', TextBody: 'x' };

describe('parseAddressList', () => {
  it('accepts bare and named addresses, comma-separated, lowercased', () => {
    expect(parseAddressList('To', 'Ana <Ana@Example.be>, bert@example.be')).toEqual([
      'ana@example.be',
      'bert@example.be',
    ]);
  });

  it('rejects an address without @', () => {
    expect(() => parseAddressList('To', 'Ana <nobody>')).toThrow(/Illegal email address/);
  });
});

describe('validateMessage', () => {
  it('keeps the Postmark fields and defaults the message stream', () => {
    const m = validateMessage({ ...valid, Tag: 'welcome', Metadata: { userId: 'u1', n: 2 } });
    expect(m).toMatchObject({
      ...valid,
      Tag: 'welcome',
      MessageStream: 'outbound',
      Metadata: { userId: 'u1', n: '2' },
    });
    expect(m.Attachments).toEqual([]);
  });

  it.each([
    ['no From', { ...valid, From: undefined }],
    ['no recipient', { ...valid, To: undefined }],
    ['no body', { ...valid, TextBody: undefined }],
    ['non-string Subject', { ...valid, Subject: 42 }],
    ['attachment without ContentType', { ...valid, Attachments: [{ Name: 'a.pdf', Content: 'AAAA' }] }],
    [
      'attachment not base64',
      { ...valid, Attachments: [{ Name: 'a.pdf', Content: '%%%', ContentType: 'application/pdf' }] },
    ],
    ['51 recipients', { ...valid, To: Array.from({ length: 51 }, (_, i) => `u${i}@example.be`).join(',') }],
  ])('rejects %s with ErrorCode 300', (_name, input) => {
    expect(() => validateMessage(input)).toThrow(expect.objectContaining({ errorCode: 300 }) as Error);
  });

  it('rejects a forbidden attachment type with ErrorCode 411', () => {
    const input = {
      ...valid,
      Attachments: [{ Name: 'run.exe', Content: 'AAAA', ContentType: 'application/octet-stream' }],
    };
    expect(() => validateMessage(input)).toThrow(expect.objectContaining({ errorCode: 411 }) as Error);
  });
});
