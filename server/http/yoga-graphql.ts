import { createRequire } from 'node:module';
import type * as GraphQL from 'graphql';

/**
 * graphql-js as graphql-yoga itself loads it, so the front door executes against schemas made by
 * `createSchema` with the very same module instance. graphql's package has no `exports` map: Node
 * gives yoga its CommonJS build while a bundler (vitest's, for our own sources) may pick the ES
 * module build, and graphql-js refuses a schema from the other copy ("from another module or
 * realm"). Requiring it from yoga's own location always names yoga's copy.
 */
const fromYoga = createRequire(createRequire(import.meta.url).resolve('graphql-yoga'));
export const yogaGraphql = fromYoga('graphql') as typeof GraphQL;
