import { seededRandom } from '../random';

/** What an edit may put in: JSON's punctuation, digits, and letters of the words a Zipkin answer holds. */
const ALPHABET = '{}[]",:0123456789.eE-+ \\ntrufalsnCLIENTSERVERid';

/**
 * `count` copies of a trace answer, each with one to three random edits (a character dropped,
 * inserted or replaced), the same for a seed: for tests that a reader of answers never takes
 * a damaged one differently from the general path.
 */
export function* damagedAnswers(base: string, count: number, seed: number): Generator<string> {
  const random = seededRandom(seed);
  for (let k = 0; k < count; k += 1) {
    let mutated = base;
    const edits = 1 + Math.floor(random() * 3);
    for (let e = 0; e < edits; e += 1) {
      const at = Math.floor(random() * mutated.length);
      const pick = ALPHABET[Math.floor(random() * ALPHABET.length)]!;
      const what = random();
      mutated = what < 0.4 ? mutated.slice(0, at) + mutated.slice(at + 1) : what < 0.8 ? mutated.slice(0, at) + pick + mutated.slice(at) : mutated.slice(0, at) + pick + mutated.slice(at + 1);
    }
    yield mutated;
  }
}
