import type { CommandSpec } from "../../core/commands.js";
import type { Programme } from "../../config/programme-schema.js";
import { pairingSettings } from "./settings.js";
import { en, nl } from "./strings.js";

/** Leerbuddy's are in the help only where the programme file switches them on. */
const peersOn = (programme: Programme) => pairingSettings.of(programme).peers.enabled;

const help = (id: keyof typeof nl.commands) => ({ nl: nl.commands[id], en: en.commands[id] });

/** Mentor pairing (coordinators) and leerbuddy's (participants). */
export const PAIRING_COMMANDS: CommandSpec[] = [
  {
    id: "pairMentors",
    nl: ["koppel mentoren", "mentoren koppelen"],
    en: ["pair mentors"],
    roles: ["coordinator"],
    personal: true,
    args: /^$/,
    help: help("pair"),
  },
  {
    id: "peersOff",
    nl: ["leerbuddy uit"],
    en: ["buddy off"],
    roles: ["participant"],
    personal: true,
    args: /^$/,
    help: help("peersOff"),
    listedWhen: peersOn,
  },
  {
    id: "peersOn",
    nl: ["leerbuddy aan"],
    en: ["buddy on"],
    roles: ["participant"],
    personal: true,
    args: /^$/,
    help: help("peersOn"),
    listedWhen: peersOn,
  },
];
