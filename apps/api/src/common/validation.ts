import { ErrorCode, type FieldError } from '@atelier/contracts';
import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { DECORATORS } from '@nestjs/swagger';
import { getMetadataStorage } from 'class-validator';
import { textProblemBody } from './body-parsing.js';
import { DomainError } from './domain-error.js';
import { findTextProblem, hasLineBreakOrTab, MULTI_LINE_RULE } from './input-text.js';

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ field, messages: Object.values(e.constraints) }] : [];
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

function invalid(fields: FieldError[]): DomainError {
  const summary = fields.map((f) => `${f.field}: ${f.messages.join(', ')}`).join('; ');
  return new DomainError(ErrorCode.ValidationFailed, `Some fields need fixing — ${summary}`, { fields });
}

/**
 * The global pipe: every body, path parameter and query parameter of every route goes through it.
 * Besides the DTO's own class-validator rules it applies the rules every DTO shares, read from the
 * decorators already there, so a new DTO is covered without doing anything:
 * - text PostgreSQL can store (no NUL, lone surrogate or control character; `input-text.ts`) in path
 *   and query parameters — JSON bodies get the same check in the body parser, before any pipe;
 * - line breaks and tabs only in fields marked `@MultiLine()` (and never in path or query parameters);
 * - `null` only where the field is documented `nullable: true`;
 * - text that must be non-empty (`@Length(1…)`, `@MinLength`, `@IsNotEmpty`) must not be only spaces.
 */
class InputPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'param' || metadata.type === 'query') {
      const name = `${metadata.type === 'param' ? 'path' : 'query'}${metadata.data ? `.${metadata.data}` : ''}`;
      const problem = findTextProblem(value, name);
      if (problem)
        throw new DomainError(
          ErrorCode.InvalidText,
          textProblemBody(problem).message,
          textProblemBody(problem).details,
        );
      if (typeof value === 'string' && hasLineBreakOrTab(value))
        throw invalid([{ field: name, messages: [`${name} must be one line`] }]);
    }
    // JSON bodies were checked whole by the body parser (refuseHostileText); socket payloads are
    // checked by their gateways, which answer with an error ack (a throw here would leave no ack).
    const result = await super.transform(value, metadata);
    if (metadata.type === 'body') {
      const fields = sharedRuleErrors(result, '');
      if (fields.length > 0) throw invalid(fields);
    }
    return result;
  }
}

/** The shared rules over a validated DTO instance and the DTO instances nested in it. */
function sharedRuleErrors(value: unknown, prefix: string): FieldError[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => sharedRuleErrors(v, `${prefix}[${i}]`));
  if (value === null || typeof value !== 'object' || value.constructor === Object) return [];
  const rules = rulesOf(value.constructor);
  if (!rules) return [];
  const errors: FieldError[] = [];
  for (const [key, v] of Object.entries(value)) {
    const field = prefix ? `${prefix}.${key}` : key;
    if (v === null && !rules.nullable.has(key)) errors.push({ field, messages: [`${field} must not be null`] });
    if (typeof v === 'string') {
      if (rules.nonEmpty.has(key) && v.trim() === '')
        errors.push({ field, messages: [`${field} must not be only spaces`] });
      if (!rules.multiLine.has(key) && hasLineBreakOrTab(v))
        errors.push({ field, messages: [`${field} must be one line`] });
    }
    if (typeof v === 'object') errors.push(...sharedRuleErrors(v, field));
  }
  return errors;
}

interface SharedRules {
  nullable: Set<string>;
  nonEmpty: Set<string>;
  multiLine: Set<string>;
}
const rulesCache = new Map<Function, SharedRules | null>();

/** Which fields of a DTO class may be null and which must hold more than spaces; null for a non-DTO. */
function rulesOf(cls: Function): SharedRules | null {
  let rules = rulesCache.get(cls);
  if (rules !== undefined) return rules;
  const validations = getMetadataStorage().getTargetValidationMetadatas(cls, '', true, false);
  const documented =
    (Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES_ARRAY, cls.prototype) as string[] | undefined) ?? [];
  if (validations.length === 0 && documented.length === 0) {
    rulesCache.set(cls, null);
    return null;
  }
  rules = { nullable: new Set(), nonEmpty: new Set(), multiLine: new Set() };
  for (const entry of documented) {
    const key = entry.replace(/^:/, '');
    const doc = Reflect.getMetadata(DECORATORS.API_MODEL_PROPERTIES, cls.prototype, key) as
      { nullable?: boolean } | undefined;
    if (doc?.nullable) rules.nullable.add(key);
  }
  for (const v of validations) {
    const min =
      v.name === 'isLength' || v.name === 'minLength' ? Number(v.constraints?.[0]) : v.name === 'isNotEmpty' ? 1 : 0;
    if (min >= 1 && !v.each) rules.nonEmpty.add(v.propertyName);
    if (v.name === MULTI_LINE_RULE) rules.multiLine.add(v.propertyName);
  }
  rulesCache.set(cls, rules);
  return rules;
}

/** Rejects unknown fields and wrong types with a 400 naming each field and what is wrong with it. */
export function validationPipe(): ValidationPipe {
  return new InputPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => invalid(flatten(errors)),
  });
}
