/** `--name value` from a command line of the test tools (soak, fuzz), or the fallback. */
export function argOf(args: readonly string[], name: string, fallback: string): string {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] !== undefined ? args[i + 1]! : fallback;
}
