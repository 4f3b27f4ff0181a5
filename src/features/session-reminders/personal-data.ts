import type { PersonalData } from "../../core/personal-data.js";
import type { SessionReminders } from "./service.js";

/**
 * What the session days keep about a person: their own choices (`session-state:<person>`:
 * reminders off, can't come, tasks done) and the reminders sent to them, whose ids follow
 * from the programme (no scan).
 */
export function sessionPersonalData(reminders: SessionReminders): PersonalData {
  return {
    describe: {
      nl: "Wat je over de bijeenkomsten liet weten (herinneringen uit, niet kunnen komen, voorbereiding gedaan) en de herinneringen die je kreeg.",
      en: "What you told the bot about the session days (reminders off, cannot come, preparation done) and the reminders you got.",
    },
    async export(personId) {
      const state = await reminders.stateOf(personId);
      const ids = reminders.deliveryIdsOf(personId);
      const sent = (await reminders.bot.store.deliveries.getMany(ids)).filter(
        (d) => d?.personId === personId,
      );
      if (!state && sent.length === 0) return undefined;
      return { ...(state ? { state } : {}), reminders: sent.map((d) => ({ ...d })) };
    },
    async erase(personId) {
      const { store } = reminders.bot;
      const ids = reminders.deliveryIdsOf(personId);
      const found = (await store.deliveries.getMany(ids)).filter((d) => d?.personId === personId);
      await store.deliveries.deleteMany(found.map((d) => d?.id ?? ""));
      const hadState = await reminders.states.has(personId);
      if (hadState) await reminders.states.delete(personId);
      return { removed: found.length + (hadState ? 1 : 0) };
    },
  };
}
