export function findExecutable(names: string[], explicitPath?: string): string | undefined;
export function chromiumPath(): string;
export const chromiumArgs: string[];
