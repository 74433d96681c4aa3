import { ErrorCode, type ApiError } from '@atelier/contracts';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';
import { findTextProblem, MAX_JSON_DEPTH, type TextProblem } from './input-text.js';

/**
 * JSON bodies with a size limit. A body that is too large or is not JSON gets a 400 with a message
 * saying which, instead of Express's HTML error page. Then the input text rule (`input-text.ts`)
 * runs over the whole body and the query string, before any route sees them.
 */
export function jsonBody(limitKb: number): [RequestHandler, ErrorRequestHandler, RequestHandler] {
  const parse = express.json({ limit: `${limitKb}kb` });
  const explain: ErrorRequestHandler = (err, _req, res, next) => {
    const type = (err as { type?: string }).type;
    let body: ApiError | undefined;
    if (type === 'entity.too.large') {
      body = {
        code: ErrorCode.BodyTooLarge,
        message: `The request body is larger than the ${limitKb} kB allowed.`,
        details: { limitKb },
      };
    } else if (type === 'entity.parse.failed') {
      body = { code: ErrorCode.MalformedJson, message: 'The request body is not valid JSON.' };
    } else if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
      body = { code: ErrorCode.MalformedJson, message: 'The request body must be UTF-8 JSON.' };
    }
    if (!body) return next(err);
    res.status(400).json(body);
  };
  return [parse, explain, refuseHostileText];
}

/** 400 for a body nested deeper than MAX_JSON_DEPTH or any text PostgreSQL cannot store (NUL, lone surrogates, controls). */
export const refuseHostileText: RequestHandler = (req, res, next) => {
  const problem = findTextProblem(req.body, '') ?? findTextProblem(req.query, 'query');
  if (!problem) return next();
  res.status(400).json(textProblemBody(problem));
};

export function textProblemBody(problem: TextProblem): ApiError {
  if (problem.kind === 'too_deep') {
    return {
      code: ErrorCode.BodyTooDeep,
      message: `The request body nests more than ${MAX_JSON_DEPTH} levels deep.`,
      details: { limit: MAX_JSON_DEPTH },
    };
  }
  const { field, character } = problem;
  return {
    code: ErrorCode.InvalidText,
    message: `${field} contains a character that cannot be stored (${character}). Remove it and try again.`,
    details: {
      fields: [{ field, messages: [`${field} contains the character ${character}, which is not allowed`] }],
      character,
    },
  };
}
