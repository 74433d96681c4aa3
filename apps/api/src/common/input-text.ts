import { ValidateBy } from 'class-validator';

/**
 * The one rule for text arriving from outside (JSON bodies, path and query parameters): text
 * PostgreSQL can store and a person could have typed. Refused: NUL (PostgreSQL cannot store it),
 * lone UTF-16 surrogates (not Unicode; jsonb refuses them), and control characters — except tab and
 * line breaks, which only fields marked `@MultiLine()` accept (checked by the validation pipe).
 */

/** How deeply a JSON body may nest. Our deepest request (a timeline document) uses 5 levels. */
export const MAX_JSON_DEPTH = 32;

// C0 controls but tab/LF/CR, DEL, C1 controls, the non-characters U+FFFE/U+FFFF, and — with the `u`
// flag, which pairs surrogates into one code point — surrogates left alone.
// eslint-disable-next-line no-control-regex -- the control characters this refuses
const REFUSED = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\uFFFE\uFFFF\uD800-\uDFFF]/u;
const LINE_BREAK_OR_TAB = /[\t\n\r\u2028\u2029]/;

/** A description of the first refused character in `text` ("U+0000"), or null when all are fine. */
export function refusedCharacter(text: string): string | null {
  const m = REFUSED.exec(text);
  return m ? `U+${m[0].codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}` : null;
}

export function hasLineBreakOrTab(text: string): boolean {
  return LINE_BREAK_OR_TAB.test(text);
}

export type TextProblem = { kind: 'too_deep'; field: string } | { kind: 'character'; field: string; character: string };

/**
 * Walks a parsed JSON value without recursion (a hostile body may nest 10,000 levels) and returns
 * the first problem: nesting deeper than `maxDepth`, or a refused character in a string or a key.
 */
export function findTextProblem(value: unknown, root: string, maxDepth = MAX_JSON_DEPTH): TextProblem | null {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      const character = refusedCharacter(v);
      if (character) return { kind: 'character', field: path, character };
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    if (depth >= maxDepth) return { kind: 'too_deep', field: path };
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ value: v[i], path: `${path}[${i}]`, depth: depth + 1 });
      continue;
    }
    for (const [key, child] of Object.entries(v as Record<string, unknown>)) {
      const character = refusedCharacter(key);
      if (character) return { kind: 'character', field: join(path, JSON.stringify(key).slice(1, -1)), character };
      stack.push({ value: child, path: join(path, key), depth: depth + 1 });
    }
  }
  return null;
}

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/** The name under which `@MultiLine()` is recorded among class-validator's rules (so PartialType inherits it). */
export const MULTI_LINE_RULE = 'atelierMultiLine';

/** Marks a DTO text field that may hold several lines (tabs and line breaks are kept there). */
export function MultiLine(): PropertyDecorator {
  return ValidateBy({ name: MULTI_LINE_RULE, validator: { validate: () => true } });
}
