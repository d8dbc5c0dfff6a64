import { createRequire } from 'node:module';
import type * as GraphQL from 'graphql';
import type * as GraphQLJit from 'graphql-jit';

/**
 * graphql-js as graphql-yoga itself loads it, so the front door executes against schemas made by
 * `createSchema` with the very same module instance. graphql's package has no `exports` map: Node
 * gives yoga its CommonJS build while a bundler (vitest's, for our own sources) may pick the ES
 * module build, and graphql-js refuses a schema from the other copy ("from another module or
 * realm"). Requiring it from yoga's own location always names yoga's copy.
 */
const fromYoga = createRequire(createRequire(import.meta.url).resolve('graphql-yoga'));
export const yogaGraphql = fromYoga('graphql') as typeof GraphQL;

/**
 * graphql-jit's CommonJS build, when the graphql-js it requires is yoga's copy (it tells types
 * apart with `instanceof`, so another copy's schema would be misread); otherwise undefined and
 * the front door executes with graphql-js. Required from yoga's location for the same reason as
 * above: an `import` would give the ES module build, which imports graphql's ES module build.
 */
export const yogaGraphqlJit: typeof GraphQLJit | undefined = (() => {
  const jitPath = fromYoga.resolve('graphql-jit');
  if (createRequire(jitPath).resolve('graphql') !== fromYoga.resolve('graphql')) return undefined;
  return fromYoga(jitPath) as typeof GraphQLJit;
})();
