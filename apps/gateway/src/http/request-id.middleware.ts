import { randomUUID } from 'node:crypto';

import { type NextFunction, type Request, type Response } from 'express';

const REQUEST_ID = Symbol('requestId');
/** A caller's own id is kept when it is short and plain, so it can be traced through its logs too. */
const ACCEPTABLE = /^[A-Za-z0-9._:-]{1,64}$/;

type WithRequestId = Request & { [REQUEST_ID]?: string };

export function requestIdOf(request: Request): string | undefined {
  return (request as WithRequestId)[REQUEST_ID];
}

/** Gives every request an id, echoed in `X-Request-Id` and in error bodies. */
export function requestId(request: Request, response: Response, next: NextFunction): void {
  const given = request.get('x-request-id');
  const id = given && ACCEPTABLE.test(given) ? given : randomUUID();
  (request as WithRequestId)[REQUEST_ID] = id;
  response.setHeader('X-Request-Id', id);
  next();
}
