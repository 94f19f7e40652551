import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { isSafeLink } from '../../../src/api/contract/links.js';

const SEED = 20_261_205;

/** The rule read off the whole parsed URL: https, or http on a loopback host, and no credentials. */
function safeWhole(value: string): boolean {
  const url = parsed(value);
  if (url === null) return false;
  const { protocol, hostname, username, password } = url;
  const loopback = ['localhost', '127.0.0.1', '[::1]'].includes(hostname);
  return username + password === '' && (protocol === 'https:' || (protocol === 'http:' && loopback));
}

/**
 * The URL, or null when it does not parse. (Not `URL.canParse`: in Node 20 it answers false
 * for `https://ü` after some other inputs, where `new URL` parses it.)
 */
function parsed(value: string): URL | null {
  try {
    return new URL(value);
  } catch {
    return null;
  }
}

const SCHEMES = ['https://', 'http://', 'HTTPS://', 'https:', 'https:/', 'https:///', 'http:\\\\', ' https://', 'ht\ttps://', 'javascript:', 'data:', ''];
const HOSTS = ['activate.example', 'localhost', '127.0.0.1', '[::1]', 'LOCALHOST', '127.1', 'user@evil.example', 'user:pw@localhost', ':pw@host.example',
  'host.example:443', 'host.example:99999', 'host.example:x', 'exa mple.com', 'exa\tmple.com', 'xn--nxasmq6b', 'bücher.example', '%41.example', '[::1', 'a..b', '', '@', ':'];
const PARTS = ['/', '\\', '?', '#', '@', ':', ' ', '\t', '\n', '\u0000', 'x', '%zz', '//evil.example', '@evil.example', '[', ']', 'ü'];

const link = fc
  .tuple(fc.constantFrom(...SCHEMES), fc.oneof(fc.constantFrom(...HOSTS), fc.string({ maxLength: 12 })), fc.array(fc.constantFrom(...PARTS), { maxLength: 6 }))
  .map(([scheme, host, rest]) => scheme + host + rest.join(''));

test('a link is safe exactly when the whole parsed URL is https, or http on a loopback host, without credentials', () => {
  fc.assert(
    fc.property(fc.array(link, { minLength: 1, maxLength: 20 }), (links) => {
      // Twice over, so that links sharing a host are answered from what the first one found.
      for (const value of [...links, ...links]) assert.equal(isSafeLink(value), safeWhole(value), JSON.stringify(value));
    }),
    { seed: SEED, numRuns: 2_000 },
  );
});

test('a page of activation links on one host is safe, and one with credentials or a plain http host among them is not', () => {
  assert.ok(isSafeLink('https://activate.example/AAAA-BBBB'));
  assert.ok(isSafeLink('https://activate.example/CCCC?x=@evil.example#frag'));
  assert.ok(isSafeLink('http://127.0.0.1:8080/activate/AAAA'));
  assert.ok(!isSafeLink('https://user@activate.example/AAAA'));
  assert.ok(!isSafeLink('http://activate.example/AAAA'));
  assert.ok(!isSafeLink('javascript:alert(1)//https://activate.example/'));
});
