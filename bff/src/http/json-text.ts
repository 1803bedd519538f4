/**
 * An answer already serialized as JSON, sent as is: for hot read paths that assemble their
 * answer from cached, pre-serialized parts instead of building and stringifying objects.
 * The text must match the route's response schema; the route's API tests check that it does.
 */
export class JsonText {
  constructor(readonly text: string | Buffer) {}
}
