import { announcements } from "./announcements/index.js";
import { consent } from "./consent/index.js";
import type { AppFeature } from "./deps.js";
import { homework } from "./homework/index.js";
import { mentor } from "./mentor/index.js";
import { overview } from "./overview/index.js";
import { pairing } from "./pairing/index.js";
import { privacy } from "./privacy/index.js";
import { questions } from "./questions/index.js";
import { reflections } from "./reflections/index.js";
import { retention } from "./retention/index.js";
import { sessionReminders } from "./session-reminders/index.js";

export { announcements } from "./announcements/index.js";
export { consent } from "./consent/index.js";
export type { AppFeature, FeatureDeps } from "./deps.js";
export { homework } from "./homework/index.js";
export { mentor } from "./mentor/index.js";
export { overview } from "./overview/index.js";
export { pairing } from "./pairing/index.js";
export { privacy } from "./privacy/index.js";
export { questions } from "./questions/index.js";
export { reflections } from "./reflections/index.js";
export { retention } from "./retention/index.js";
export { sessionReminders } from "./session-reminders/index.js";

/**
 * The features kampvuur runs, in one place. Adding a feature: its folder under
 * `src/features/`, and one line here.
 */
export const DEFAULT_FEATURES: AppFeature[] = [
  reflections,
  sessionReminders,
  overview,
  announcements,
  pairing,
  homework,
  mentor,
  privacy,
  consent,
  questions,
  retention,
];
