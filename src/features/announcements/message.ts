import type { Language } from "../../config/programme-schema.js";
import type { Block, Button, Form, Message } from "../../core/messages.js";
import { audienceValue } from "./ids.js";
import { type Announcement, MAX_ANNOUNCEMENT_LENGTH } from "./records.js";
import { announcementBlocks, Announcements, type Reach, type Tally, type TextProblem } from "./service.js";
import { strings } from "./strings.js";

export const ACTION_NEW = "announcement.new";
export const ACTION_CONFIRM = "announcement.confirm";
export const ACTION_CANCEL = "announcement.cancel";
export const ACTION_EDIT = "announcement.edit";
export const ACTION_AUDIENCE = "announcement.audience";
export const FORM_ANNOUNCEMENT = "announcement.write";

/**
 * The preview, phones first: the announcement as its readers will get it, then for whom, the
 * exact number it will reach (by role), who cannot be reached and why, and the buttons:
 * "Versturen" (only when it reaches anyone), "Aanpassen", "Annuleren", then the other audiences.
 */
export function previewMessage(
  service: Announcements,
  announcement: Announcement,
  reach: Reach,
  language: Language,
): Message {
  const t = strings(language);
  const lines: string[] = [];
  const count = Announcements.count(reach);
  if (announcement.audience === "channel") {
    const open = reach.channels.filter((c) => !c.problem).map((c) => c.platform);
    if (open.length > 0) lines.push(t.channelGoesTo(open));
    for (const c of reach.channels)
      if (c.problem === "not-connected") lines.push(t.channelNotConnected(c.platform));
      else if (c.problem === "not-added") lines.push(t.channelNotAdded(c.platform));
  } else if (reach.reachable.length > 0) {
    const parts = Announcements.byRole(reach.reachable).map(({ role, count: n }) => t.roleCount[role](n));
    lines.push(t.goesTo(t.people(reach.reachable.length), parts));
  }
  if (count === 0 && announcement.audience !== "channel") lines.push(t.nobody);
  if (reach.unreachable.length > 0)
    lines.push(t.unreachable(reach.unreachable.map((p) => p.name).sort((a, b) => a.localeCompare(b))));
  lines.push(t.nothingSentYet);

  const id = announcement.id;
  // No channel to post in: the DMs to everyone are the way out, so that button leads.
  const offerDms = announcement.audience === "channel" && count === 0;
  const others: Button[] = service
    .audiences()
    .filter((a) => a !== announcement.audience)
    .map((a) => ({
      actionId: ACTION_AUDIENCE,
      label: service.label(a, language),
      value: audienceValue(id, a),
      ...(offerDms && a === "everyone" ? { style: "primary" as const } : {}),
    }));
  return {
    kind: "announcement-preview",
    blocks: [
      ...announcementBlocks(service.bot, announcement, language),
      { type: "divider" },
      {
        type: "section",
        title: t.previewFor(service.label(announcement.audience, language)),
        text: lines.join("\n"),
      },
      {
        type: "actions",
        buttons: [
          ...(count > 0
            ? [{ actionId: ACTION_CONFIRM, label: t.confirm, value: id, style: "primary" as const }]
            : []),
          { actionId: ACTION_EDIT, label: t.edit, value: id },
          { actionId: ACTION_CANCEL, label: t.cancel, value: id },
        ],
      },
      ...(others.length > 0
        ? [
            { type: "context" as const, text: t.otherAudience },
            { type: "actions" as const, buttons: others },
          ]
        : []),
    ],
  };
}

/** What the coordinator reads after "Versturen", one line each: sent, not reached, still trying, uncertain. */
export function resultLines(announcement: Announcement, tally: Tally, language: Language): string[] {
  const t = strings(language);
  if (announcement.audience === "channel")
    return [
      tally.channelsSent.length > 0 ? t.sentToChannel(tally.channelsSent) : "",
      tally.channelsNotReached.length > 0 ? t.channelNotReached(tally.channelsNotReached) : "",
    ].filter(Boolean);
  return [
    t.sent(t.people(tally.sent)),
    tally.unreachable > 0 ? t.notReachedAfter(tally.unreachable) : "",
    tally.retrying > 0 ? t.retrying(tally.retrying) : "",
    tally.failed > 0 ? t.failed(tally.failed) : "",
    tally.uncertain > 0 ? t.uncertain(tally.uncertain) : "",
  ].filter(Boolean);
}

/** The preview once it is dealt with: the announcement stays readable, the buttons make way for one line. */
export function settledMessage(
  service: Announcements,
  announcement: Announcement,
  lines: string[],
  language: Language,
): Message {
  const blocks: Block[] = [
    ...announcementBlocks(service.bot, announcement, language),
    { type: "divider" },
    { type: "text", text: lines.join("\n") },
  ];
  return { kind: "announcement-preview", blocks };
}

/** The form: the message, and who it is for (the programme's audiences; the draft's values when editing). */
export function announcementForm(service: Announcements, language: Language, draft?: Announcement): Form {
  const t = strings(language);
  return {
    formId: FORM_ANNOUNCEMENT,
    title: t.form.title,
    submitLabel: t.form.submit,
    ...(draft ? { metadata: draft.id } : {}),
    fields: [
      {
        kind: "textarea",
        id: "text",
        label: t.form.text,
        hint: t.form.textHint,
        required: true,
        maxLength: MAX_ANNOUNCEMENT_LENGTH,
        ...(draft ? { initial: draft.text } : {}),
      },
      {
        kind: "choice",
        id: "audience",
        label: t.form.audience,
        required: true,
        initial: draft?.audience ?? "everyone",
        options: service.audiences().map((a) => ({ value: a, label: service.label(a, language) })),
      },
    ],
  };
}

/** Why a text cannot be announced, in words. */
export function problemText(problem: TextProblem, language: Language): string {
  const t = strings(language);
  return problem.problem === "empty" ? t.empty : t.tooLong(problem.length, MAX_ANNOUNCEMENT_LENGTH);
}
