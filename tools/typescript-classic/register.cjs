/**
 * Points typescript-eslint's `require('typescript')` at TypeScript 6.0, which this package installs beside it.
 *
 * typescript-eslint 8 parses TypeScript with the classic JavaScript compiler API; TypeScript 7 (our `tsc`, the
 * native port) no longer ships that API, so the parser would crash on it. Installing 6.0 at the top level would
 * let its `tsc` bin replace TypeScript 7's, so it lives nested here and only typescript-eslint's own requires are
 * redirected. Drop this package once typescript-eslint supports TypeScript 7.
 */
const Module = require('node:module');

const classic = require.resolve('typescript');
const FROM_TYPESCRIPT_ESLINT =
  /[\\/]node_modules[\\/](typescript-eslint|@typescript-eslint[\\/][^\\/]+|ts-api-utils)[\\/]/;
const resolveFilename = Module._resolveFilename;

Module._resolveFilename = function (request, parent, ...rest) {
  if (request === 'typescript' && FROM_TYPESCRIPT_ESLINT.test(parent?.filename ?? '')) return classic;
  return resolveFilename.call(this, request, parent, ...rest);
};
