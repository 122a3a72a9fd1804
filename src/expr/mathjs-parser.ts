/**
 * The part of mathjs that lscert uses at run time: `create` and the parser's factories.
 *
 * Loaded from source (tests, bench, tsx) this is a plain re-export, which makes Node load
 * every mathjs module (~1.4 s). `npm run build` replaces its compiled form
 * (dist/expr/mathjs-parser.js) by an esbuild bundle of this same file, tree-shaken to the
 * parser and its dependencies: loading it takes ~0.3 s, which is most of the CLI's
 * start-up. Same mathjs code either way (the pinned version in package-lock.json).
 */
export { create, parseDependencies } from 'mathjs';
