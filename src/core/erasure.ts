import { z } from "zod";
import { defineCollection } from "../storage/collection.js";
import type { Store } from "../storage/store.js";
import type { Directory } from "./people.js";

/**
 * `erased:all`: the ids of the people whose data was erased ("verwijder mij", `kampvuur
 * privacy erase`). Only the id the programme file already holds, so the bot can keep its
 * promise: no more messages to them, and "not in the programme" for what they send, until a
 * coordinator adds them back (`kampvuur privacy readd`). Nothing else about them is kept.
 */
export const erasedPeople = defineCollection("erased", z.object({ ids: z.array(z.string()).default([]) }));

const KEY = "all";

/** Reads who is erased into the directory (at start, and before every scheduler pass: other replicas erase too). */
export async function loadErased(store: Store, directory: Directory): Promise<void> {
  const record = await store.collection(erasedPeople).get(KEY);
  directory.setErased(record?.ids ?? []);
}

/** Marks a person erased (or, `erased: false`, added back), in the store and this process's directory. */
export async function markErased(
  store: Store,
  directory: Directory,
  personId: string,
  erased: boolean,
): Promise<void> {
  const record = await store.collection(erasedPeople).update(KEY, (current) => {
    const ids = new Set(current?.ids ?? []);
    if (erased) ids.add(personId);
    else ids.delete(personId);
    return { ids: [...ids].sort() };
  });
  directory.setErased(record.ids);
}
