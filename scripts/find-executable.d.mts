export function findExecutable(names: string[], explicitPath?: string): string | undefined;
export function chromiumPath(): string;
export const chromiumArgs: string[];
export function firefoxPath(): string;
export function firefoxLaunchOptions(profileDir: string): {
  browser: 'firefox';
  executablePath: string;
  headless: boolean;
  userDataDir: string;
  env: Record<string, string | undefined>;
  extraPrefsFirefox: Record<string, unknown>;
};
