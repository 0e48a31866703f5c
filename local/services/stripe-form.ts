// Stripe's request encoding: application/x-www-form-urlencoded with bracketed nested keys, e.g.
// `metadata[userId]=u1&line_items[0][price]=price_1&line_items[0][quantity]=1&expand[]=customer`.

export type FormValue = string | FormObject | FormValue[];
export interface FormObject {
  [key: string]: FormValue;
}

const UNSAFE_KEYS = new Set(['__proto__', 'prototype', 'constructor']);

/** Splits `a[b][c]` into ['a', 'b', 'c'] and `a[]` into ['a', '']. Returns undefined if malformed. */
export function splitKey(key: string): string[] | undefined {
  const first = /^([^[\]]+)/.exec(key);
  if (!first?.[1]) return undefined;
  const parts = [first[1]];
  let rest = key.slice(first[1].length);
  while (rest.length > 0) {
    const m = /^\[([^[\]]*)\]/.exec(rest);
    if (!m) return undefined;
    parts.push(m[1] ?? '');
    rest = rest.slice(m[0].length);
  }
  return parts;
}

/**
 * Parses a Stripe form body (or query string) into nested objects. Objects whose keys are exactly
 * 0..n-1, and `key[]` lists, become arrays. Empty values stay '' (Stripe uses them to unset fields).
 */
export function parseStripeForm(body: string): FormObject {
  const root: FormObject = Object.create(null) as FormObject;
  const params = new URLSearchParams(body);
  for (const [rawKey, value] of params) {
    const parts = splitKey(rawKey);
    if (!parts || parts.some((p) => UNSAFE_KEYS.has(p))) {
      throw new Error(`Invalid parameter name: ${rawKey}`);
    }
    let node: FormObject = root;
    for (let i = 0; i < parts.length; i += 1) {
      const part = parts[i] ?? '';
      const last = i === parts.length - 1;
      // `a[]=x` appends: give each occurrence the next numeric index.
      const key = part === '' ? String(Object.keys(node).length) : part;
      if (last) {
        node[key] = value;
      } else {
        const existing = node[key];
        if (existing === undefined || typeof existing === 'string') {
          const child: FormObject = Object.create(null) as FormObject;
          node[key] = child;
          node = child;
        } else if (Array.isArray(existing)) {
          throw new Error(`Invalid parameter name: ${rawKey}`);
        } else {
          node = existing;
        }
      }
    }
  }
  return arrayify(root) as FormObject;
}

function arrayify(value: FormValue): FormValue {
  if (typeof value === 'string' || Array.isArray(value)) return value;
  const keys = Object.keys(value);
  const out: FormObject = {};
  for (const k of keys) out[k] = arrayify(value[k] as FormValue);
  const numeric = keys.length > 0 && keys.every((k, i) => k === String(i));
  if (numeric) return keys.map((k) => out[k] as FormValue);
  return out;
}

/** Encodes nested objects the way Stripe's clients do (the inverse of parseStripeForm). */
export function encodeStripeForm(data: Record<string, unknown>): string {
  const pairs: string[] = [];
  const walk = (prefix: string, value: unknown): void => {
    if (value === undefined) return;
    if (value === null) {
      pairs.push(`${encodeURIComponent(prefix)}=`);
    } else if (Array.isArray(value)) {
      value.forEach((v: unknown, i) => {
        walk(`${prefix}[${i}]`, v);
      });
    } else if (typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) walk(prefix ? `${prefix}[${k}]` : k, v);
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      pairs.push(`${encodeURIComponent(prefix)}=${encodeURIComponent(String(value))}`);
    } else {
      throw new Error(`Cannot form-encode ${typeof value} at ${prefix}`);
    }
  };
  walk('', data);
  return pairs.join('&');
}
