import type { Language } from "../../config/programme-schema.js";
import type { Bot } from "../../core/bot.js";
import type { PersonalDataGate } from "../../knowledge/answerer.js";
import type { Collection } from "../../storage/collection.js";
import { type ConsentRecord, consentRecords } from "./records.js";
import { llmSettings } from "./settings.js";
import { strings } from "./strings.js";

/** What a person's consent is now: what they chose, and whether the programme allows it at all. */
export interface ConsentState {
  /** The programme file's `llm.personalData`. */
  allowedByProgramme: boolean;
  choice?: "yes" | "no";
  at?: string;
}

/**
 * Consent for the language model, per person: the programme must allow it (`llm:` in the
 * programme file) and the person must have said yes. The answerer asks `allows` before a
 * person's own details go to a model.
 */
export class Consent implements PersonalDataGate {
  readonly records: Collection<typeof consentRecords.schema>;

  constructor(private readonly bot: Bot) {
    this.records = bot.store.collection(consentRecords);
  }

  /** The programme file allows a person's own details to go to the model (after their yes). */
  get allowedByProgramme(): boolean {
    return llmSettings.of(this.bot.programme).personalData;
  }

  /** True only when the programme allows it and this person said yes (and did not withdraw). */
  async allows(personId: string): Promise<boolean> {
    if (!this.allowedByProgramme) return false;
    return (await this.records.get(personId))?.choice === "yes";
  }

  async state(personId: string): Promise<ConsentState> {
    const record = await this.records.get(personId);
    return {
      allowedByProgramme: this.allowedByProgramme,
      ...(record?.choice ? { choice: record.choice } : {}),
      ...(record?.at ? { at: record.at } : {}),
    };
  }

  /** Stores their yes or no (a withdrawal is a no). */
  async choose(personId: string, choice: "yes" | "no"): Promise<ConsentRecord> {
    const at = this.bot.clock.now().toISOString();
    return this.records.update(personId, (current) => ({ ...current, personId, choice, at }));
  }

  async hintOnce(personId: string, language: Language): Promise<string | undefined> {
    if (!this.allowedByProgramme) return undefined;
    const current = await this.records.get(personId);
    // Whoever chose (yes or no) or was told before is not told again.
    if (current?.choice || current?.hintedAt) return undefined;
    const hintedAt = this.bot.clock.now().toISOString();
    let told = false;
    // Decided inside the update, so two answers at the same time give the tip once.
    await this.records.update(personId, (now) => {
      told = !now?.choice && !now?.hintedAt;
      return told ? { ...now, personId, hintedAt } : { ...now, personId };
    });
    return told ? strings(language).hint : undefined;
  }
}
