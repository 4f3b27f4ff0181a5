import type { PersonalData } from "../../core/personal-data.js";
import type { Consent } from "./service.js";
import { en, nl } from "./strings.js";

/** What the consent feature keeps about a person: their choice (`consent:<person>`), by their id. */
export function consentPersonalData(consent: Consent): PersonalData {
  return {
    describe: { nl: nl.describe, en: en.describe },
    async export(personId) {
      const record = await consent.records.get(personId);
      return record ? { ...record } : undefined;
    },
    async erase(personId) {
      return { removed: (await consent.records.delete(personId)) ? 1 : 0 };
    },
  };
}
