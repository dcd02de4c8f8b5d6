/** The store base class is typed in the package's index but only exported from its own file at run time. */
declare module 'rate-limiter-flexible/lib/RateLimiterStoreAbstract.js' {
  import type { RateLimiterStoreAbstract } from 'rate-limiter-flexible';
  const Base: typeof RateLimiterStoreAbstract;
  export default Base;
}
