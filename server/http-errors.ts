import type { ErrorRequestHandler } from 'express';
import { ZodError } from 'zod';
import { InvalidCursorError } from '../db/repositories/audience-repository.js';
import { NotFoundError } from '../db/repositories/run-repository.js';

/** An error whose message is meant for the API caller, with its HTTP status. */
export class HttpError extends Error {
  override readonly name = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

interface ErrorBody {
  error: { status: number; message: string; field?: string; issues?: Array<{ field: string; message: string }> };
}

/** Every failure becomes JSON a person can act on; internal details only go to the log. */
export function errorHandler(log: (line: string) => void): ErrorRequestHandler {
  return (error, _request, response, _next) => {
    const body = toErrorBody(error);
    if (body.error.status >= 500) log(`internal error: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    response.status(body.error.status).json(body);
  };
}

function toErrorBody(error: unknown): ErrorBody {
  if (error instanceof ZodError) {
    const issues = error.issues.map((issue) => ({
      field: issue.path.length > 0 ? issue.path.join('.') : '(body)',
      message: issue.message,
    }));
    const first = issues[0];
    return {
      error: { status: 400, message: `${first.field}: ${first.message}`, field: first.field, issues },
    };
  }
  if (error instanceof HttpError) {
    return { error: { status: error.status, message: error.message, ...(error.field ? { field: error.field } : {}) } };
  }
  if (error instanceof NotFoundError) return { error: { status: 404, message: error.message } };
  if (error instanceof InvalidCursorError) return { error: { status: 400, message: error.message, field: 'cursor' } };
  if (isBodyParserError(error)) {
    return error.type === 'entity.too.large'
      ? { error: { status: 413, message: `request body is too large (limit ${Math.round((error.limit ?? 0) / 1048576)} MB)` } }
      : { error: { status: 400, message: 'request body is not valid JSON', field: '(body)' } };
  }
  return { error: { status: 500, message: 'internal error; the server log has the details' } };
}

/** body-parser's errors; `limit` (bytes) comes with entity.too.large, as each route sets its own. */
function isBodyParserError(error: unknown): error is { type: string; status: number; limit?: number } {
  return typeof error === 'object' && error !== null && 'type' in error && typeof (error as { status?: unknown }).status === 'number';
}
