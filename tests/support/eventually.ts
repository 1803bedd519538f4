/** Polls `check` every `intervalMs` until it holds; throws once `withinMs` have passed without it. */
export async function eventually(check: () => boolean | Promise<boolean>, withinMs: number, intervalMs = 200): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not true within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
