import { mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import Keyv, { type KeyvStoreAdapter } from "keyv";
import { KampvuurError } from "../kernel/errors.js";

/** Which backend a store URL names; `memory://` is the in-process twin for tests and simulations. */
export function storeKind(url: string): "sqlite" | "redis" | "postgres" | "memory" {
  const scheme = url.split(":", 1)[0]?.toLowerCase();
  switch (scheme) {
    case "sqlite":
      return "sqlite";
    case "redis":
    case "rediss":
      return "redis";
    case "postgres":
    case "postgresql":
      return "postgres";
    case "memory":
      return "memory";
    default:
      throw new KampvuurError(
        "config_invalid",
        `KAMPVUUR_STORE '${url}' is not a store URL kampvuur knows. Use sqlite://path/to/file.sqlite, redis://host:6379, postgresql://user@host/db or memory://.`,
      );
  }
}

/**
 * Opens a keyv store for a URL, through the official keyv adapter for that backend.
 * Every key is prefixed with `namespace`, so several programmes can share one database.
 */
export type StoreKind = ReturnType<typeof storeKind>;

export interface OpenedKeyv {
  keyv: Keyv;
  kind: StoreKind;
  /** The backend adapter (or Map), for the few atomic operations keyv does not offer. */
  adapter: KeyvStoreAdapter | Map<string, unknown>;
}

/**
 * Opens keyv on the adapter the URL names. Only that adapter (and its driver) is loaded: a
 * SQLite deployment never loads the Redis or PostgreSQL clients, which keeps start-up short.
 */
export async function openKeyv(url: string, namespace: string): Promise<OpenedKeyv> {
  let store: KeyvStoreAdapter | Map<string, unknown>;
  const kind = storeKind(url);
  switch (kind) {
    case "sqlite": {
      const file = resolve(url.replace(/^sqlite:\/\//i, ""));
      mkdirSync(dirname(file), { recursive: true });
      const { default: KeyvSqlite } = await import("@keyv/sqlite");
      const sqlite = new KeyvSqlite({ uri: `sqlite://${file}`, busyTimeout: 10_000 });
      sqlite.query = retryWhenBusy(sqlite.query);
      store = sqlite;
      break;
    }
    case "redis": {
      const { default: KeyvRedis } = await import("@keyv/redis");
      store = new KeyvRedis(url, {
        throwOnConnectError: true,
        throwOnErrors: true,
        connectionTimeout: 5_000,
      });
      break;
    }
    case "postgres": {
      const { default: KeyvPostgres } = await import("@keyv/postgres");
      store = new KeyvPostgres({ uri: url });
      break;
    }
    case "memory":
      store = new Map();
      break;
  }
  // The Redis adapter puts the namespace in front of its keys itself; keyv adding it too
  // would give `ns::ns:key`. The other adapters rely on keyv's prefix.
  const keyv = new Keyv({ store, namespace, throwOnErrors: true, useKeyPrefix: kind !== "redis" });
  // Keyv re-emits adapter errors as events; without a listener Node would crash the process.
  keyv.on("error", () => {});
  return { keyv, kind, adapter: store };
}

/**
 * SQLite answers SQLITE_BUSY without waiting in a few cases its busy timeout does not cover
 * (another connection recovering the WAL index, or switching the file to WAL, as processes
 * start together). Such a statement is simply tried again, a few times, after a short pause.
 */
function retryWhenBusy<A extends unknown[], R>(
  query: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args: A) => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await query(...args);
      } catch (error) {
        if ((error as { code?: string }).code !== "SQLITE_BUSY" || attempt >= 20) throw error;
        await new Promise((resolve) => setTimeout(resolve, 25 * attempt));
      }
    }
  };
}
