import type { PersonalData } from "../../core/personal-data.js";
import type { Delivery, Occurrence } from "../../storage/records.js";
import { deliveryIdsOf, reflectionStateOf } from "./records.js";
import type { Reflections } from "./service.js";

/**
 * A person's reflections: their answers (with every earlier version), the prompts and
 * reminders they received (as they received them), their pause, opt-out, snoozes and skips,
 * and for a coordinator the sends they started. Found by the person's id, the occurrence
 * index and the programme's schedule: no scan of the store.
 */
export function reflectionsPersonalData(reflections: Reflections): PersonalData {
  const { store } = reflections.bot;

  /** The occurrences the person can have deliveries of, and the manual ones (which say who started them). */
  const occurrenceIds = async () => {
    const indexed = (await store.occurrenceIndex.get("all"))?.occurrences.map((o) => o.id) ?? [];
    return {
      all: new Set([...indexed, ...reflections.job.occurrences.map((o) => o.id)]),
      manual: indexed.filter((id) => id.startsWith("manual:")),
    };
  };

  const find = async (personId: string) => {
    const [book, state, ids] = await Promise.all([
      store.answers.get(personId),
      store.people.get(personId),
      occurrenceIds(),
    ]);
    const deliveryIds = deliveryIdsOf(personId, ids.all, state);
    const [deliveries, manual] = await Promise.all([
      store.deliveries.getMany(deliveryIds),
      store.occurrences.getMany(ids.manual),
    ]);
    return {
      book: book !== undefined,
      answers: book?.answers ?? [],
      deliveries: deliveries.filter((d): d is Delivery => d?.personId === personId),
      started: manual.filter((o): o is Occurrence => o?.createdBy === personId),
      state: reflectionStateOf(state),
    };
  };

  return {
    describe: {
      nl: "Je antwoorden op de reflectievragen (ook eerdere versies), de vragen en herinneringen die je kreeg, je pauze, afmelding, 'Later' en overgeslagen vragen, en de verzendingen die je als coördinator startte.",
      en: "Your answers to the reflection prompts (earlier versions too), the prompts and reminders you received, your pause, opt-out, 'Later' and skipped prompts, and the sends you started as a coordinator.",
    },
    async export(personId) {
      const { answers, deliveries, started, state } = await find(personId);
      if (answers.length === 0 && deliveries.length === 0 && started.length === 0 && !state) return undefined;
      return {
        answers,
        deliveries,
        ...(state ? { state } : {}),
        ...(started.length > 0 ? { sendsStarted: started } : {}),
      };
    },
    async erase(personId) {
      const { book, deliveries, started, state } = await find(personId);
      let removed = 0;
      if (book) {
        await store.answers.delete(personId);
        removed++;
      }
      await store.deliveries.deleteMany(deliveries.map((d) => d.id));
      removed += deliveries.length;
      // The send stays (the scheduler finishes it), without who started it.
      for (const o of started) {
        await store.occurrences.update(o.id, (current) => ({ ...(current ?? o), createdBy: undefined }));
        removed++;
      }
      // The record is shared with the core, which removes it after the features (see `PersonalDataRegistry`).
      if (state) {
        await store.people.update(personId, (current) => ({
          ...(current ?? { personId }),
          optedOut: false,
          pausedUntil: undefined,
          snoozes: [],
          snoozeLog: undefined,
          skipped: [],
        }));
        removed++;
      }
      return { removed };
    },
  };
}
