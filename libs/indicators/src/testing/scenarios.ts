import { isIndicatorError, type IndicatorErrorCode } from '../indicator-error';

/** Asserts `fn` throws an IndicatorError with this code and a message matching `message`. */
export function expectIndicatorError(fn: () => unknown, code: IndicatorErrorCode, message?: RegExp): void {
  let thrown: unknown;
  try {
    fn();
  } catch (err) {
    thrown = err;
  }
  expect(isIndicatorError(thrown, code)).toBe(true);
  if (message) expect((thrown as Error).message).toMatch(message);
}
