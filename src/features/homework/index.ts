import type { Feature } from "../../core/feature.js";
import type { FeatureDeps } from "../deps.js";
import { HOMEWORK_CLI } from "./cli.js";
import { HOMEWORK_COMMANDS } from "./commands.js";
import { homeworkDue } from "./due.js";
import { registerHomework } from "./handlers.js";
import { homeworkHome } from "./home.js";
import { HomeworkJob } from "./job.js";
import { homeworkPersonalData } from "./personal-data.js";
import { Homework } from "./service.js";
import { assignmentsSection, groupsSection } from "./settings.js";

/**
 * Homework groups: the programme file's `groups:` (or the teams) and `assignments:`, and
 * those coordinators make in chat (`huiswerk nieuw`). Each assignment opens by DM (or in the
 * group's channel), is answered in a form (a draft with "Opslaan", handed in with
 * "Inleveren"; shared per group, or per member), reminded once before its due date, and
 * noted to the group when complete; `huiswerk` shows where everyone stands, and `kampvuur
 * homework export` writes the answers per group. Only the group, its mentor and the
 * coordinators see a group's answers.
 */
export const homework: Feature<Homework, FeatureDeps> = {
  id: "homework",
  sections: [groupsSection, assignmentsSection],
  commands: HOMEWORK_COMMANDS,
  register: (bot, deps) => {
    const service = new Homework(bot, deps.deliverer, deps.audit);
    deps.due.add(homeworkDue(service));
    return registerHomework(bot, service);
  },
  jobs: (service) => [new HomeworkJob(service)],
  home: (service, person, language) => homeworkHome(service, person, language),
  personalData: (service) => homeworkPersonalData(service),
  cli: HOMEWORK_CLI,
};
