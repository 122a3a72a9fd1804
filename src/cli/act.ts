/**
 * Commander ignores what an action returns; `act` records the exit status an action
 * returns (sync or async) so that `main` can hand it to the process.
 */
let lastStatus: number | undefined;

export function act<A extends unknown[]>(fn: (...args: A) => number | Promise<number>): (...args: A) => Promise<void> {
  return async (...args: A) => {
    lastStatus = await fn(...args);
  };
}

export function takeStatus(): number | undefined {
  const s = lastStatus;
  lastStatus = undefined;
  return s;
}
