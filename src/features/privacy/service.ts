import type { AuditLog } from "../../core/audit.js";
import type { Bot } from "../../core/bot.js";
import { markErased } from "../../core/erasure.js";
import type {
  PersonalDataErasure,
  PersonalDataExport,
  PersonalDataRegistry,
} from "../../core/personal-data.js";
import type { Language } from "../../config/programme-schema.js";
import { exportMarkdown } from "./markdown.js";
import { strings } from "./strings.js";

/**
 * A person's own data: the export of every part (the registry of the feature-modules design)
 * as Markdown and JSON, and erasure, which also takes the person out of the programme for
 * the bot until a coordinator adds them back. Every export and erasure is audited.
 */
export class Privacy {
  constructor(
    readonly bot: Bot,
    private readonly audit: AuditLog,
    private readonly registry: () => PersonalDataRegistry,
  ) {}

  get parts() {
    return this.registry().parts;
  }

  /** Everything about one person; `actorId` is who asked (the person, or a coordinator on the command line). */
  async export(personId: string, actorId: string, format: "md" | "json"): Promise<PersonalDataExport> {
    const data = await this.registry().export(personId);
    await this.audit.record({
      actorId,
      action: "privacy.export",
      count: Object.keys(data.parts).length,
      detail: actorId === personId ? `own ${format}` : format,
    });
    return data;
  }

  /** How many of these people each part keeps something about: counts only, not audited (`kampvuur privacy status`). */
  async stored(personIds: readonly string[]): Promise<Record<string, number>> {
    const counts: Record<string, number> = Object.fromEntries(this.parts.map((p) => [p.id, 0]));
    for (const personId of personIds)
      for (const part of Object.keys((await this.registry().export(personId)).parts))
        counts[part] = (counts[part] ?? 0) + 1;
    return counts;
  }

  markdown(data: PersonalDataExport, language: Language, name: string): string {
    return exportMarkdown(data, this.parts, language, {
      title: strings(language).myData.title,
      person: name,
    });
  }

  /** Erases everything about one person, then marks them erased (no messages, "not in the programme"). */
  async erase(personId: string, by: "self" | string): Promise<PersonalDataErasure> {
    const done = await this.registry().erase(personId);
    await markErased(this.bot.store, this.bot.directory, personId, true);
    // Who asked is no longer kept when it was the person themself.
    await this.audit.record({
      actorId: by === "self" ? "erased" : by,
      action: "privacy.erase",
      count: done.removed,
      ...(by === "self" ? { detail: "own" } : {}),
    });
    return done;
  }

  /** A coordinator adds an erased person back: they take part again, with nothing restored. */
  async readd(personId: string, by: string): Promise<boolean> {
    if (!this.bot.directory.isErased(personId)) return false;
    await markErased(this.bot.store, this.bot.directory, personId, false);
    await this.audit.record({ actorId: by, action: "privacy.readd", count: 1 });
    return true;
  }
}
