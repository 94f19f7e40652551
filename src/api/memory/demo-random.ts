/**
 * Small deterministic randomness for the demo world: a seeded PRNG, an integer hash, and a
 * keyed permutation that turns counters into unique, unordered-looking identifiers.
 * Pure and dependency-free, so it runs in Node and in the browser alike.
 */

/** Mixes integers into one 32-bit hash (murmur3 finaliser over a running state). */
export function hashInts(...parts: readonly number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    h = Math.imul(h ^ (part >>> 0), 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
  }
  return h >>> 0;
}

/** A string's 32-bit hash, for turning labels into keys. */
export function hashText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** Seeded random numbers (mulberry32) with the helpers the generator needs. */
export class Dice {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** An integer in [min, max], both inclusive. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    const item = items[Math.floor(this.next() * items.length)];
    if (item === undefined) throw new RangeError('pick from an empty list');
    return item;
  }
}

/** Crockford's base 32: no I, L, O or U, so codes read back without ambiguity. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LOWER_ALPHABET = ALPHABET.toLowerCase();
const HALF_BITS = 20;
const HALF_MASK = (1 << HALF_BITS) - 1;

/**
 * A bijection on the integers below 2^40 (a four-round Feistel network), keyed by `key`:
 * distinct counters always give distinct results.
 */
export function permute40(value: number, key: number): number {
  let left = Math.floor(value / 2 ** HALF_BITS) & HALF_MASK;
  let right = value & HALF_MASK;
  for (let round = 0; round < 4; round += 1) {
    const next = (left ^ (hashInts(right, key, round) & HALF_MASK)) >>> 0;
    left = right;
    right = next;
  }
  return left * 2 ** HALF_BITS + right;
}

/** `value` (below 2^40) as eight base-32 characters, upper case unless `lower`. */
export function base32of40(value: number, lower = false): string {
  const alphabet = lower ? LOWER_ALPHABET : ALPHABET;
  let out = '';
  let rest = value;
  for (let i = 0; i < 8; i += 1) {
    out = alphabet.charAt(rest % 32) + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/** `count` random base-32 characters. */
export function randomBase32(dice: Dice, count: number): string {
  let out = '';
  for (let i = 0; i < count; i += 1) out += ALPHABET.charAt(dice.int(0, 31));
  return out;
}
