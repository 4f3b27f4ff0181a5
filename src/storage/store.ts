import type Keyv from "keyv";
import { KampvuurError } from "../kernel/errors.js";
import { type Claims, claimsFor } from "./claims.js";
import { compareAndSetFor, KeyLocks } from "./atomic.js";
import { Collection } from "./collection.js";
import type { Occurrence } from "./records.js";
import { type OpenedKeyv, openKeyv, type StoreKind } from "./keyv.js";
import {
  answerBookSchema,
  deliverySchema,
  embeddingSchema,
  occurrenceIndexSchema,
  occurrenceSchema,
  personStateSchema,
  questionSchema,
  schemaVersionSchema,
  slackInstallationSchema,
  teamsConversationSchema,
  teamsUserSchema,
} from "./records.js";

/** The version of the stored records this code reads and writes. */
export const SCHEMA_VERSION = 1;

/**
 * The bot's storage: typed collections over one keyv store, namespaced per programme
 * (`kampvuur:<programme id>:…`), so one database can serve several programmes.
 */
export class Store {
  readonly answers: Collection<typeof answerBookSchema>;
  readonly deliveries: Collection<typeof deliverySchema>;
  readonly occurrences: Collection<typeof occurrenceSchema>;
  readonly occurrenceIndex: Collection<typeof occurrenceIndexSchema>;
  readonly people: Collection<typeof personStateSchema>;
  readonly questions: Collection<typeof questionSchema>;
  readonly embeddings: Collection<typeof embeddingSchema>;
  readonly slackInstallations: Collection<typeof slackInstallationSchema>;
  readonly teamsConversations: Collection<typeof teamsConversationSchema>;
  readonly teamsUsers: Collection<typeof teamsUserSchema>;
  private readonly meta: Collection<typeof schemaVersionSchema>;
  private closed = false;
  readonly keyv: Keyv;
  readonly kind: StoreKind;
  /** Atomic first-one-wins records: the scheduler lock and per-delivery claims. */
  readonly claims: Claims;

  constructor(opened: OpenedKeyv, namespace: string) {
    const keyv = opened.keyv;
    this.keyv = keyv;
    this.kind = opened.kind;
    this.claims = claimsFor(opened, namespace);
    const atomic = { locks: new KeyLocks(), cas: compareAndSetFor(opened) };
    this.answers = new Collection(keyv, "answers", answerBookSchema, atomic);
    this.deliveries = new Collection(keyv, "delivery", deliverySchema, atomic);
    this.occurrences = new Collection(keyv, "occurrence", occurrenceSchema, atomic);
    this.occurrenceIndex = new Collection(keyv, "occurrences", occurrenceIndexSchema, atomic);
    this.people = new Collection(keyv, "person", personStateSchema, atomic);
    this.questions = new Collection(keyv, "question", questionSchema, atomic);
    this.embeddings = new Collection(keyv, "embedding", embeddingSchema, atomic);
    this.slackInstallations = new Collection(keyv, "slack-installation", slackInstallationSchema, atomic);
    this.teamsConversations = new Collection(keyv, "teams-conversation", teamsConversationSchema, atomic);
    this.teamsUsers = new Collection(keyv, "teams-user", teamsUserSchema, atomic);
    this.meta = new Collection(keyv, "meta", schemaVersionSchema, atomic);
  }

  /** Opens the store at `url` for one programme and checks (or records) the schema version. */
  static async open(url: string, programmeId: string, now: Date = new Date()): Promise<Store> {
    const namespace = `kampvuur:${programmeId}`;
    const opened = openKeyv(url, namespace);
    const store = new Store(opened, namespace);
    try {
      if (opened.kind === "sqlite") await tuneSqlite(opened);
      await store.checkSchema(now);
    } catch (error) {
      await store.close().catch(() => {});
      if (error instanceof KampvuurError) throw error;
      throw new KampvuurError(
        "store_unavailable",
        `Cannot open the store at ${redact(url)}: ${(error as Error).message}. Check KAMPVUUR_STORE and that the database is running.`,
        { cause: error },
      );
    }
    return store;
  }

  private async checkSchema(now: Date): Promise<void> {
    const current = await this.meta.get("schema");
    if (!current) {
      await this.meta.set("schema", { version: SCHEMA_VERSION, createdAt: now.toISOString() });
    } else if (current.version > SCHEMA_VERSION) {
      throw new KampvuurError(
        "store_unavailable",
        `This store was written by a newer kampvuur (schema ${current.version}, this one reads ${SCHEMA_VERSION}). Upgrade kampvuur before using it.`,
      );
    }
  }

  /** Records an occurrence (once) and adds it to the index of the programme's occurrences. */
  async recordOccurrence(occurrence: Occurrence): Promise<void> {
    if (await this.occurrences.has(occurrence.id)) return;
    await this.occurrences.set(occurrence.id, occurrence);
    await this.occurrenceIndex.update("all", (index) => ({
      occurrences: [
        ...(index?.occurrences ?? []).filter((o) => o.id !== occurrence.id),
        { id: occurrence.id, at: occurrence.createdAt },
      ].sort((a, b) => a.at.localeCompare(b.at)),
    }));
  }

  /** Closes the connection; safe to call twice (the Postgres adapter shares one pool per URL). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.claims.stop();
    await this.keyv.disconnect().catch(() => {});
  }
}

/**
 * Write-ahead logging: readers do not block the writer and a write does not wait for a
 * full sync, which makes a fan-out to thousands of people take a second instead of minutes.
 */
async function tuneSqlite(opened: OpenedKeyv): Promise<void> {
  const sqlite = opened.adapter as unknown as { query(sql: string): Promise<unknown> };
  await sqlite.query("PRAGMA journal_mode = WAL");
  await sqlite.query("PRAGMA synchronous = NORMAL");
}

/** Hides a password in a connection URL before it goes into a message. */
export function redact(url: string): string {
  return url.replace(/\/\/([^:/@]+):([^@]+)@/, "//$1:***@");
}
