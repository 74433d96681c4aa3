import { jest } from '@jest/globals';

type Methods<T> = { [K in keyof T]: T[K] extends (...args: infer A) => infer R ? jest.Mock<(...args: A) => R> : never };

/**
 * A mock whose every method must be set up before use: calling one that was not given an
 * implementation fails the test with the method's name, instead of silently returning undefined.
 */
export function strictMock<T extends object>(name: string): Methods<T> {
  const fns = new Map<PropertyKey, jest.Mock>();
  return new Proxy({} as Methods<T>, {
    get(_, prop) {
      if (prop === 'then') return undefined; // not a thenable
      let fn = fns.get(prop);
      if (!fn) {
        fn = jest.fn(() => {
          throw new Error(`${name}.${String(prop)} was called but not set up in this test`);
        });
        fns.set(prop, fn);
      }
      return fn;
    },
  });
}
