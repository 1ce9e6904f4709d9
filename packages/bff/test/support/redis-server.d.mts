/** Types of redis-server.mjs: a throw-away redis-server for tests and the bench. */
export interface RedisServerHandle {
  readonly host: string;
  readonly port: number;
  /** `redis://127.0.0.1:<port>/0` */
  readonly url: string;
  /** True while a server process is running. */
  readonly running: boolean;
  /** SIGKILL the server (an outage). Resolves when the process is gone. */
  kill(): Promise<void>;
  /** Start a fresh server on the same port (after kill()). Resolves when it answers PING. */
  restart(): Promise<void>;
  /** Stop for good and remove the temp dir. Idempotent. */
  stop(): Promise<void>;
}

export interface StartRedisOptions {
  /** Default: a free port. */
  port?: number;
  /** Path of the binary. Default $REDIS_SERVER_PATH (scripts/setup.mjs), else `redis-server` from PATH. */
  binary?: string;
  /** How long to wait for PONG, in ms. Default 5000. */
  readyTimeoutMs?: number;
}

/** Asks the OS for a free loopback port (tiny race window; fine for tests). */
export function freePort(): Promise<number>;

export function startRedisServer(options?: StartRedisOptions): Promise<RedisServerHandle>;
