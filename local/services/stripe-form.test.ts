import { describe, expect, it } from 'vitest';
import { encodeStripeForm, parseStripeForm, splitKey } from './stripe-form';

describe('splitKey', () => {
  it('splits bracketed keys', () => {
    expect(splitKey('a')).toEqual(['a']);
    expect(splitKey('a[b][c]')).toEqual(['a', 'b', 'c']);
    expect(splitKey('expand[]')).toEqual(['expand', '']);
  });

  it('rejects malformed keys', () => {
    expect(splitKey('[a]')).toBeUndefined();
    expect(splitKey('a[b')).toBeUndefined();
    expect(splitKey('a]b')).toBeUndefined();
    expect(splitKey('a[b]c')).toBeUndefined();
  });
});

describe('parseStripeForm', () => {
  it('parses flat, nested and url-encoded values', () => {
    const body = parseStripeForm(
      'email=a%2Bb%40example.be&name=Ana+Peeters&metadata[userId]=u1&metadata[plan]=yearly',
    );
    expect(body).toEqual({
      email: 'a+b@example.be',
      name: 'Ana Peeters',
      metadata: { userId: 'u1', plan: 'yearly' },
    });
  });

  it('builds arrays from indexed keys, deeply nested', () => {
    const body = parseStripeForm(
      'mode=subscription&line_items[0][price]=price_1&line_items[0][quantity]=2' +
        '&line_items[1][price_data][currency]=eur&line_items[1][price_data][unit_amount]=1500' +
        '&line_items[1][price_data][product_data][name]=Formation',
    );
    expect(body).toEqual({
      mode: 'subscription',
      line_items: [
        { price: 'price_1', quantity: '2' },
        { price_data: { currency: 'eur', unit_amount: '1500', product_data: { name: 'Formation' } } },
      ],
    });
  });

  it('appends key[] occurrences in order', () => {
    expect(parseStripeForm('expand[]=customer&expand[]=line_items')).toEqual({
      expand: ['customer', 'line_items'],
    });
  });

  it('keeps empty values (Stripe uses them to unset) and non-contiguous indexes as objects', () => {
    expect(parseStripeForm('description=&metadata[a]=')).toEqual({ description: '', metadata: { a: '' } });
    expect(parseStripeForm('items[1]=x')).toEqual({ items: { '1': 'x' } });
  });

  it('rejects prototype pollution and malformed names', () => {
    expect(() => parseStripeForm('__proto__[polluted]=1')).toThrow(/Invalid parameter name/);
    expect(() => parseStripeForm('metadata[constructor][prototype]=1')).toThrow(/Invalid parameter name/);
    expect(() => parseStripeForm('a[b=1')).toThrow(/Invalid parameter name/);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('returns an empty object for an empty body', () => {
    expect(parseStripeForm('')).toEqual({});
  });

  it('round-trips what encodeStripeForm produces', () => {
    const data = {
      customer_email: 'nurse@example.be',
      metadata: { userId: 'u-42', note: 'a&b=c [x]' },
      line_items: [{ price: 'price_1', quantity: 1 }],
      expand: ['customer'],
    };
    const encoded = encodeStripeForm(data);
    expect(encoded).toContain('line_items%5B0%5D%5Bprice%5D=price_1');
    expect(parseStripeForm(encoded)).toEqual({
      customer_email: 'nurse@example.be',
      metadata: { userId: 'u-42', note: 'a&b=c [x]' },
      line_items: [{ price: 'price_1', quantity: '1' }],
      expand: ['customer'],
    });
  });
});
