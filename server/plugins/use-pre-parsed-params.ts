import type { GraphQLParams, Plugin } from 'graphql-yoga';

/**
 * Requests whose JSON body was already read and parsed (by the HTTP front door) -> their
 * parameters. A WeakMap, so nothing outlives the request.
 */
export type PreParsedParams = WeakMap<Request, GraphQLParams>;

/**
 * Lets yoga take the GraphQL parameters of a request the HTTP front door has already read and
 * parsed, instead of streaming and parsing the body a second time. Only requests present in the
 * map are affected (the front door puts there only JSON objects; anything else keeps its body and
 * goes through yoga's own parser and its errors). Register it after yoga's parsers (any user
 * plugin is).
 */
export function usePreParsedParams(preParsed: PreParsedParams): Plugin {
  return {
    onRequestParse({ request, setRequestParser }) {
      const params = preParsed.get(request);
      if (params) setRequestParser(() => params);
    },
  };
}
