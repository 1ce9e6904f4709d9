// Types of the @web/test-runner-commands functions the tests use (the package is resolved by the
// wtr config's nodeResolve.modulePaths, outside this package's node_modules, so tsc cannot see it).
declare module '@web/test-runner-commands' {
  export function sendKeys(
    options: { press: string } | { type: string } | { down: string } | { up: string },
  ): Promise<void>;
  export function emulateMedia(options: {
    colorScheme?: 'light' | 'dark';
    reducedMotion?: 'reduce' | 'no-preference';
  }): Promise<void>;
  /** A command of a plugin in web-test-runner.config.mjs (`forced-colors`). */
  export function executeServerCommand<R = unknown, P = unknown>(command: string, payload?: P): Promise<R>;
  export function setViewport(options: { width: number; height: number }): Promise<void>;
  export interface A11yNode {
    role: string;
    name: string;
    selected?: boolean;
    disabled?: boolean;
    pressed?: boolean | 'mixed';
    focused?: boolean;
    children?: A11yNode[];
  }
  export function a11ySnapshot(options: { selector?: string }): Promise<A11yNode>;
  export function findAccessibilityNode(node: A11yNode, test: (node: A11yNode) => boolean): A11yNode | null;
}
