import { type NextFunction, type Request, type Response } from 'express';

/**
 * CORS closed by default: without configured origins no Access-Control header is ever sent, so browsers
 * refuse cross-site calls. Listed origins get credentials-free access to the API.
 */
export function corsFor(origins: readonly string[]) {
  const allowed = new Set(origins);
  return (request: Request, response: Response, next: NextFunction): void => {
    const origin = request.get('origin');
    if (origin && allowed.has(origin)) {
      response.setHeader('Access-Control-Allow-Origin', origin);
      response.setHeader('Vary', 'Origin');
      if (request.method === 'OPTIONS') {
        response.setHeader('Access-Control-Allow-Methods', 'GET,POST,PATCH,DELETE');
        response.setHeader(
          'Access-Control-Allow-Headers',
          'Authorization,Content-Type,X-API-Key,X-Request-Id',
        );
        response.setHeader('Access-Control-Max-Age', '600');
        response.status(204).end();
        return;
      }
    }
    next();
  };
}
