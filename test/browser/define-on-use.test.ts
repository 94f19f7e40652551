// The script-tag bundle defines `<license-keys-table>` when a page first uses one: a table in
// the markup, or one added later (as a CMS inserts blocks), loads the module once.
import { expect } from '@open-wc/testing';
import { defineOnUse } from '../../src/elements/shared/define-on-use.js';
import { until } from './helpers.js';

let count = 0;
/** A tag of this test's own, so that each test starts with an undefined element. */
const freshTag = () => `on-use-test-${++count}`;

/** A module loader that defines `tag` when asked, and counts how often it was asked. */
function loader(tag: string, fails = 0) {
  const calls: number[] = [];
  const load = async () => {
    calls.push(Date.now());
    if (calls.length <= fails) throw new Error('offline');
    customElements.define(tag, class extends HTMLElement {});
  };
  return { calls, load };
}

/** Waits a few frames, so that mutation callbacks and promises have run. */
const settle = () => new Promise((r) => setTimeout(r, 50));

describe('defineOnUse', () => {
  const added: Element[] = [];
  afterEach(() => added.splice(0).forEach((el) => el.remove()));
  const add = (markup: string) => {
    const host = document.createElement('div');
    host.innerHTML = markup;
    document.body.append(host);
    added.push(host);
    return host;
  };

  it('loads nothing while the page holds no such element', async () => {
    const tag = freshTag();
    const { calls, load } = loader(tag);
    defineOnUse(tag, load);
    add('<p>no table here</p>');
    await settle();
    expect(calls.length).to.equal(0);
    expect(customElements.get(tag)).to.equal(undefined);
  });

  it('loads at once for an element already in the markup', async () => {
    const tag = freshTag();
    add(`<${tag}></${tag}>`);
    const { calls, load } = loader(tag);
    defineOnUse(tag, load);
    await until(() => customElements.get(tag) !== undefined, 2000, 'the definition');
    expect(calls.length).to.equal(1);
  });

  it('loads once when elements are added later, nested or not', async () => {
    const tag = freshTag();
    const { calls, load } = loader(tag);
    defineOnUse(tag, load);
    add(`<section><div><${tag}></${tag}></div></section>`);
    await until(() => customElements.get(tag) !== undefined, 2000, 'the definition');
    add(`<${tag}></${tag}>`);
    await settle();
    expect(calls.length).to.equal(1);
  });

  it('tries again with the next element after a failed load', async () => {
    const tag = freshTag();
    const { calls, load } = loader(tag, 1);
    const errors: unknown[] = [];
    const original = console.error;
    console.error = (...args: unknown[]) => errors.push(args);
    try {
      defineOnUse(tag, load);
      add(`<${tag}></${tag}>`);
      await until(() => calls.length === 1 && errors.length === 1, 2000, 'the failed load');
      expect(customElements.get(tag)).to.equal(undefined);
      add(`<${tag}></${tag}>`);
      await until(() => customElements.get(tag) !== undefined, 2000, 'the definition');
      expect(calls.length).to.equal(2);
    } finally {
      console.error = original;
    }
  });

  it('does nothing for an element that is already defined', async () => {
    const tag = freshTag();
    customElements.define(tag, class extends HTMLElement {});
    const { calls, load } = loader(tag);
    defineOnUse(tag, load);
    add(`<${tag}></${tag}>`);
    await settle();
    expect(calls.length).to.equal(0);
  });
});
