import type { Language } from "../../config/programme-schema.js";
import type { PersonalData } from "../../core/personal-data.js";
import type { Retention } from "./service.js";

/**
 * What the retention keeps about a person: the warning sent to them (one delivery, its id
 * from the programme: no scan). Its description also says when everything goes, so the
 * person (`mijn gegevens`, `verwijder mij`) and `kampvuur privacy status` see the dates; it is
 * read when shown, so after the deletion it says that it has run.
 */
export function retentionPersonalData(retention: Retention): PersonalData {
  const describe = {
    get nl() {
      return retention.describe("nl");
    },
    get en() {
      return retention.describe("en");
    },
  } satisfies Record<Language, string>;
  return {
    describe,
    async export(personId) {
      const sent = await retention.bot.store.deliveries.get(retention.deliveryIdOf(personId));
      return sent?.personId === personId ? { warning: { ...sent } } : undefined;
    },
    async erase(personId) {
      const id = retention.deliveryIdOf(personId);
      const sent = await retention.bot.store.deliveries.get(id);
      if (sent?.personId !== personId) return { removed: 0 };
      await retention.bot.store.deliveries.delete(id);
      return { removed: 1 };
    },
  };
}
