/** The `:name` placeholders of a contract path, as a type: `'id'` for `/offers/:id/redeem`. */
export type PathParamName<P extends string> = P extends `${string}:${infer Name}/${infer Rest}`
  ? Name | PathParamName<`/${Rest}`>
  : P extends `${string}:${infer Name}`
    ? Name
    : never;

/** The values a contract path needs: `{ id: string }` for `/offers/:id/redeem`, `{}` for `/me`. */
export type PathParams<P extends string> = { [Name in PathParamName<P>]: string };

/** The names of the `:name` placeholders of `path`, in order. */
export function pathParamNames(path: string): string[] {
  return [...path.matchAll(/:(\w+)/g)].map((match) => match[1]);
}

/** `path` with each `:name` replaced by its value, URL-encoded. */
export function fillPath(path: string, params: Record<string, string>): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    const value = params[name];
    if (value === undefined) throw new TypeError(`${path} needs the path parameter ${name}`);
    return encodeURIComponent(value);
  });
}
