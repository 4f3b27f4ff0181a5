import type { AnswerFacts } from "../../knowledge/answerer.js";
import { strings } from "./strings.js";

/** What the content base found for a question, with the text the asker reads. */
export type Answer = AnswerFacts & {
  /** The answer as the asker reads it (and as it is logged). */
  answer: string;
};

/**
 * The answer the asker reads, in the question's language: the model's text as it is; the
 * passages under an intro (which says why, when the model could not be used); or "not in the
 * content", whom to ask instead (their mentor, by name when known) and a related document or
 * the list of principles.
 */
export function answerText(facts: AnswerFacts, mentorName?: string): string {
  const t = strings(facts.language).qa;
  switch (facts.mode) {
    case "llm":
      return facts.text;
    case "extractive": {
      const { fallback } = facts;
      const intro = fallback && fallback !== "ungrounded" ? t.fallback[fallback] : t.extractiveIntro;
      return `${intro}\n\n${facts.text}`;
    }
    case "none":
      return [
        t.none,
        t.askMentor(mentorName),
        facts.related ? t.related(facts.related.title) : t.principlesTip,
      ].join(" ");
  }
}

/** The facts with the text the asker reads. */
export function withAnswerText(facts: AnswerFacts, mentorName?: string): Answer {
  return { ...facts, answer: answerText(facts, mentorName) };
}
