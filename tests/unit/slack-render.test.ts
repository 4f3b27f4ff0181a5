import { describe, expect, it } from "vitest";
import { coreActionId, LIMITS, toBlockKit, toModal, valuesOf } from "../../src/adapters/slack/render.js";

describe("Block Kit rendering", () => {
  it("renders text, sections, context and buttons, with unique action ids that map back", () => {
    const out = toBlockKit({
      text: "Hoi",
      blocks: [
        { type: "section", title: "Reflectie", text: "Wat viel je op?" },
        { type: "context", text: "privé" },
        {
          type: "actions",
          buttons: [
            { actionId: "reflection.answer", label: "Beantwoorden", value: "occ-1", style: "primary" },
            { actionId: "reflection.later", label: "Later", value: "occ-1" },
          ],
        },
      ],
    });
    expect(out.blocks[0]).toEqual({
      type: "section",
      text: { type: "mrkdwn", text: "*Reflectie*\nWat viel je op?" },
    });
    const ids = (out.blocks[2]?.elements as { action_id: string }[]).map((e) => e.action_id);
    expect(new Set(ids).size).toBe(2);
    expect(ids.map(coreActionId)).toEqual(["reflection.answer", "reflection.later"]);
  });

  it("keeps Slack's limits by splitting and shortening, never by failing", () => {
    const long = "Een zin over bewoners. ".repeat(400); // ~9,200 characters
    const out = toBlockKit({
      text: long,
      blocks: [
        { type: "text", text: long },
        ...Array.from({ length: 60 }, (_, i) => ({ type: "context" as const, text: `regel ${i}` })),
        { type: "actions", buttons: [{ actionId: "x", label: "L".repeat(200) }] },
      ],
    });
    expect(out.text.length).toBeLessThanOrEqual(LIMITS.messageText);
    expect(out.blocks.length).toBeLessThanOrEqual(LIMITS.messageBlocks);
    for (const b of out.blocks)
      if (b.type === "section")
        expect((b.text as { text: string }).text.length).toBeLessThanOrEqual(LIMITS.sectionText);
    const last = out.blocks.at(-1) as { type: string; elements: { text: { text: string } }[] };
    expect(last.type).toBe("actions"); // the buttons survive the cut
    expect(last.elements[0]?.text.text.length).toBeLessThanOrEqual(LIMITS.buttonText);
  });

  it("turns a form into a modal with a short title, inputs and the current values", () => {
    const modal = toModal({
      formId: "reflection.answer",
      title: "Je reflectie op de leergang van deze week",
      submitLabel: "Opslaan",
      metadata: "occ-1",
      fields: [
        {
          kind: "textarea",
          id: "answer",
          label: "Wat viel je op?",
          required: true,
          maxLength: 4000,
          initial: "eerder",
        },
        {
          kind: "choice",
          id: "visibility",
          label: "Wie mag dit lezen?",
          required: true,
          initial: "mentor",
          options: [
            { value: "private", label: "Alleen ik" },
            { value: "mentor", label: "Ik en mijn mentor" },
          ],
        },
      ],
    }) as { title: { text: string }; private_metadata: string; blocks: Record<string, unknown>[] };
    expect(modal.title.text.length).toBeLessThanOrEqual(LIMITS.modalTitle);
    expect(modal.private_metadata).toBe("occ-1");
    expect(modal.blocks[0]).toMatchObject({
      block_id: "answer",
      element: { type: "plain_text_input", multiline: true, max_length: 3000, initial_value: "eerder" },
    });
    expect(modal.blocks[1]).toMatchObject({ element: { initial_option: { value: "mentor" } } });
  });

  it("reads submitted values back by field id", () => {
    expect(
      valuesOf({
        answer: { value: { type: "plain_text_input", value: "tekst" } },
        visibility: { value: { type: "radio_buttons", selected_option: { value: "group" } } },
      }),
    ).toEqual({ answer: "tekst", visibility: "group" });
  });
});
