import type { Json, PersonalData } from "../../core/personal-data.js";
import { completeDeliveryId, openDeliveryId, reminderDeliveryId } from "./ids.js";
import type { AnswerRecord, Entry, Sheet } from "./records.js";
import type { Homework } from "./service.js";

/**
 * What homework keeps about a person: what they wrote for each assignment, and the
 * openings, reminders and notes sent to them. Found from the assignments (the file's, and
 * those made in chat through their index) and the person's unit in each: no scan.
 *
 * Erasing a person from a shared group answer takes out everything they wrote: a current
 * answer of theirs goes back to the latest earlier version by someone else (or is left
 * empty), their earlier versions go from the history, and "handed in by" them is cleared
 * (the group's answer stays handed in). The group keeps what the others wrote.
 */
export function homeworkPersonalData(homework: Homework): PersonalData {
  /** The records this person's answers can be in, and every delivery id they can have. */
  const find = async (personId: string) => {
    const places: { recordId: string; assignmentId: string }[] = [];
    const deliveries: string[] = [];
    for (const assignment of await homework.assignments()) {
      const unit = homework.unitOf(assignment, personId);
      if (!unit) continue;
      places.push({ recordId: homework.recordId(assignment, unit), assignmentId: assignment.id });
      deliveries.push(
        openDeliveryId(assignment.id, unit.key, personId),
        reminderDeliveryId(assignment.id, personId),
        completeDeliveryId(assignment.id, unit.key, personId),
      );
    }
    return { places, deliveries };
  };

  const mine = (sheet: Sheet, personId: string) => ({
    answers: Object.fromEntries(Object.entries(sheet.answers).filter(([, e]) => e.by === personId)),
    history: sheet.history.filter((e) => e.by === personId),
  });

  return {
    describe: {
      nl: "Wat je schreef voor je huiswerk (ook je delen van een groepsantwoord) en de huiswerkberichten die je kreeg.",
      en: "What you wrote for your homework (also your parts of a group answer) and the homework messages you got.",
    },
    async export(personId) {
      const { places, deliveries } = await find(personId);
      const records = await homework.records.getMany(places.map((p) => p.recordId));
      const answers: Json[] = [];
      records.forEach((record, i) => {
        if (!record) return;
        for (const [key, sheet] of Object.entries(record.sheets)) {
          if (key !== personId && key !== "group") continue;
          const part = key === personId ? { ...sheet } : { ...mine(sheet, personId), status: sheet.status };
          if (key === "group" && Object.keys(part.answers).length === 0 && part.history.length === 0)
            continue;
          answers.push({
            assignment: places[i]?.assignmentId ?? "",
            shared: key === "group",
            ...part,
          } as Json);
        }
      });
      const sent = (await homework.bot.store.deliveries.getMany(deliveries)).filter(
        (d) => d?.personId === personId,
      );
      if (answers.length === 0 && sent.length === 0) return undefined;
      return { answers, messages: sent.map((d) => ({ ...d })) as Json };
    },
    async erase(personId) {
      const { places, deliveries } = await find(personId);
      let removed = 0;
      for (const { recordId } of places) {
        const before = await homework.records.get(recordId);
        if (!before) continue;
        let changed = false;
        await homework.records.update(recordId, (current) => {
          const record: AnswerRecord = current ?? before;
          const sheets = { ...record.sheets };
          changed = false;
          if (sheets[personId]) {
            delete sheets[personId];
            changed = true;
          }
          const group = sheets.group;
          if (group) {
            const next = withoutAuthor(group, personId);
            if (next !== group) {
              sheets.group = next;
              changed = true;
            }
          }
          return { ...record, sheets };
        });
        if (changed) removed++;
      }
      const found = (await homework.bot.store.deliveries.getMany(deliveries)).filter(
        (d) => d?.personId === personId,
      );
      await homework.bot.store.deliveries.deleteMany(found.map((d) => d?.id ?? ""));
      return { removed: removed + found.length };
    },
  };
}

/** A shared sheet without anything this person wrote (the same object when they wrote nothing in it). */
function withoutAuthor(sheet: Sheet, personId: string): Sheet {
  const theirs =
    Object.values(sheet.answers).some((e) => e.by === personId) ||
    sheet.history.some((e) => e.by === personId) ||
    sheet.submittedBy === personId;
  if (!theirs) return sheet;
  const history = sheet.history.filter((e) => e.by !== personId);
  const answers: Record<string, Entry> = {};
  for (const [question, entry] of Object.entries(sheet.answers)) {
    if (entry.by !== personId) answers[question] = entry;
    else {
      const earlier = history.filter((e) => e.question === question).at(-1);
      if (earlier) answers[question] = { text: earlier.text, by: earlier.by, at: earlier.at };
    }
  }
  const { submittedBy, ...rest } = sheet;
  return { ...rest, answers, history, ...(submittedBy && submittedBy !== personId ? { submittedBy } : {}) };
}
