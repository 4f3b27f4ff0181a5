import type { DueSource } from "../../core/due.js";
import { sheetKey } from "./plan.js";
import type { Homework } from "./service.js";

/**
 * A participant's homework for "wat moet ik nog doen?": every opened assignment of theirs
 * that is not past its due moment, or is past it and not handed in yet; handed in when
 * their sheet (their own, or their group's in shared mode) is.
 */
export function homeworkDue(homework: Homework): DueSource {
  return {
    id: "homework",
    async items(person, now) {
      if (person.role !== "participant") return [];
      const open = await homework.openFor(person);
      const records = await homework.records.getMany(
        open.map((o) => homework.recordId(o.assignment, o.unit)),
      );
      return open.flatMap(({ assignment, unit }, i) => {
        const done = records[i]?.sheets[sheetKey(assignment, unit, person.id)]?.status === "submitted";
        if (done && assignment.dueAt < now) return [];
        return [
          {
            source: "homework",
            kind: "homework" as const,
            id: assignment.id,
            title: assignment.title,
            dueAt: assignment.dueAt,
            done,
          },
        ];
      });
    },
  };
}
