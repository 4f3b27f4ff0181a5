import type { PersonalData } from "../../core/personal-data.js";
import type { Delivery } from "../../storage/records.js";
import { CHANNEL_PLATFORMS } from "./settings.js";
import { channelDeliveryId, personDeliveryId } from "./ids.js";
import type { Announcements } from "./service.js";

/**
 * What the announcements feature keeps about a person: as a coordinator, the announcements
 * they wrote (drafts, cancelled and sent ones, with their text) and their posts in the
 * programme's channel; as a reader, the record of each announcement sent to them (when, and
 * whether it arrived; not a copy of the text). Found through the index of announcements: no
 * scan of the store.
 */
export function announcementsPersonalData(service: Announcements): PersonalData {
  const { store } = service.bot;

  const find = async (personId: string) => {
    const entries = (await service.index.get("all"))?.entries ?? [];
    const written = await service.byAuthor(personId);
    const ids = [
      ...entries.map((e) => personDeliveryId(e.id, personId)),
      ...written.flatMap((a) => CHANNEL_PLATFORMS.map((p) => channelDeliveryId(a.id, p))),
    ];
    const deliveries = (await store.deliveries.getMany(ids)).filter(
      (d): d is Delivery => d?.personId === personId,
    );
    return { written, deliveries };
  };

  return {
    describe: {
      nl: "Als coördinator: de aankondigingen die je schreef (ook niet verstuurde), met hun tekst. Van aankondigingen aan jou: wanneer ze je bereikten.",
      en: "As a coordinator: the announcements you wrote (unsent ones too), with their text. Of announcements to you: when they reached you.",
    },
    async export(personId) {
      const { written, deliveries } = await find(personId);
      if (written.length === 0 && deliveries.length === 0) return undefined;
      return {
        ...(written.length > 0 ? { written } : {}),
        ...(deliveries.length > 0 ? { deliveries } : {}),
      };
    },
    async erase(personId) {
      const { written, deliveries } = await find(personId);
      await store.deliveries.deleteMany(deliveries.map((d) => d.id));
      for (const a of written) await service.records.delete(a.id);
      if (written.length > 0) {
        // The entries stay, without who wrote them: the readers' records of them are found through them.
        const gone = new Set(written.map((a) => a.id));
        await service.index.update("all", (index) => ({
          entries: (index?.entries ?? []).map((e) => (gone.has(e.id) ? { ...e, authorId: "erased" } : e)),
          open: (index?.open ?? []).filter((id) => !gone.has(id)),
        }));
      }
      return { removed: written.length + deliveries.length };
    },
  };
}
