/**
 * Regular expressions typed by people (a search box, a config file) run against every log
 * line on the page's one thread, and JavaScript cannot stop a runaway match. So the shapes
 * that backtrack exponentially are refused before use: a quantified group that itself holds
 * a quantifier or an alternation (`(a+)+`, `(a|a)*`), and back-references. Input is also cut
 * to a bounded length by the callers.
 */
export const MAX_REGEX_CHARS = 300;

export function unsafeRegexReason(source: string): string | undefined {
  if (source.length > MAX_REGEX_CHARS) return `it is ${source.length} characters long; at most ${MAX_REGEX_CHARS} are allowed`;
  if (/\\[1-9]|\\k</.test(source)) return 'back-references (\\1, \\k<name>) can take exponential time on long lines';
  // Walk the groups: a group whose body repeats or alternates, itself repeated, is nested repetition.
  const stack: { repeats: boolean }[] = [];
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i += 1;
      continue;
    }
    if (c === '[') {
      // Skip a character class: quantifiers inside it are literal characters.
      i += 1;
      while (i < source.length && source[i] !== ']') i += source[i] === '\\' ? 2 : 1;
      continue;
    }
    if (c === '(') stack.push({ repeats: false });
    else if (c === ')') {
      const group = stack.pop();
      const next = source[i + 1];
      const quantified = next === '*' || next === '+' || next === '{';
      if (group?.repeats && quantified) return 'a repeated group holds a repetition or alternative of its own (like (a+)+), which can take exponential time';
      if (group?.repeats && stack.length > 0) stack[stack.length - 1]!.repeats = true;
      if (quantified && stack.length > 0) stack[stack.length - 1]!.repeats = true;
    } else if ((c === '*' || c === '+' || c === '{' || c === '|') && stack.length > 0) stack[stack.length - 1]!.repeats = true;
  }
  return undefined;
}

/** A case-insensitive RegExp from a person's text, or the reason it cannot be used, in words. */
export function compileUserRegex(source: string, flags = 'i'): { re: RegExp } | { error: string } {
  const unsafe = unsafeRegexReason(source);
  if (unsafe) return { error: `The pattern /${source.slice(0, 60)}/ is refused: ${unsafe}.` };
  let re: RegExp;
  try {
    re = new RegExp(source, flags);
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^Invalid regular expression: \/.*\/[a-z]*: /, '') : String(error);
    return { error: `The pattern /${source.slice(0, 60)}/ is not a valid regular expression: ${reason}.` };
  }
  if (re.test('')) return { error: `The pattern /${source.slice(0, 60)}/ matches empty text, so it would match every line; make it match at least one character.` };
  return { re };
}
