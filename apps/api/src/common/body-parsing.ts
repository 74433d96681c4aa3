import { ErrorCode, type ApiError } from '@atelier/contracts';
import express, { type ErrorRequestHandler, type RequestHandler } from 'express';

/**
 * JSON bodies with a size limit. A body that is too large or is not JSON gets a 400 with a message
 * saying which, instead of Express's HTML error page.
 */
export function jsonBody(limitKb: number): [RequestHandler, ErrorRequestHandler] {
  const parse = express.json({ limit: `${limitKb}kb` });
  const explain: ErrorRequestHandler = (err, _req, res, next) => {
    const type = (err as { type?: string }).type;
    let body: ApiError | undefined;
    if (type === 'entity.too.large') {
      body = { code: ErrorCode.BodyTooLarge, message: `The request body is larger than the ${limitKb} kB allowed.`, details: { limitKb } };
    } else if (type === 'entity.parse.failed') {
      body = { code: ErrorCode.MalformedJson, message: 'The request body is not valid JSON.' };
    } else if (type === 'encoding.unsupported' || type === 'charset.unsupported') {
      body = { code: ErrorCode.MalformedJson, message: 'The request body must be UTF-8 JSON.' };
    }
    if (!body) return next(err);
    res.status(400).json(body);
  };
  return [parse, explain];
}
