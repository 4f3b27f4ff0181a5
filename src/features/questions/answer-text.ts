import type { AnswerFacts } from "../../knowledge/answerer.js";
import { strings } from "./strings.js";

/** What the content base found for a question, with the text the asker reads. */
export type Answer = AnswerFacts & {
  /** The answer as the asker reads it (and as it is logged): `body`, then "Meer hierover: …". */
  answer: string;
  /** The answer itself: the best passage in a few sentences, the model's text, or the refusal. */
  body: string;
  /** The titles of the other sources, each once ("Meer hierover:"). */
  more: string[];
};

/**
 * The answer the asker reads, in the question's language: the model's text as it is; the
 * best passage under its title (with a line saying why, when the model could not be used);
 * or "not in the content" — with the mentor (by name when known) only when the question is
 * about the programme's subject, and a related document or the list of principles.
 */
export function answerBody(facts: AnswerFacts, mentorName?: string): string {
  const t = strings(facts.language).qa;
  switch (facts.mode) {
    case "llm":
      return facts.text;
    case "extractive": {
      const { fallback, lead } = facts;
      const intro = fallback && fallback !== "ungrounded" ? `${t.fallback[fallback]}\n\n` : "";
      return `${intro}*${lead.title}* [${lead.id}]\n\n${lead.excerpt}`.trim();
    }
    case "none": {
      // A related document means the question touched the programme's subject: then the
      // mentor may know more; a recipe or the weather is no question for a mentor.
      if (!facts.related) return [t.offTopic, t.principlesTip].join(" ");
      return [t.none, t.askMentor(mentorName), t.related(facts.related.title)].join(" ");
    }
  }
}

/** The other sources' titles, each once, without the one the answer leads with. */
export function moreTitles(facts: AnswerFacts): string[] {
  if (facts.mode === "none") return [];
  const leadId = facts.lead?.id ?? facts.sources[0]?.id;
  const titles = facts.sources.filter((s) => s.id !== leadId).map((s) => s.title);
  return [...new Set(titles)];
}

/** The facts with the text the asker reads. */
export function withAnswerText(facts: AnswerFacts, mentorName?: string): Answer {
  const body = answerBody(facts, mentorName);
  const more = moreTitles(facts);
  const t = strings(facts.language).qa;
  const answer = more.length ? `${body}\n\n${t.moreLabel} ${more.join(" · ")}` : body;
  return { ...facts, body, more, answer };
}

/** Kept for `kampvuur ask`: the text alone. */
export function answerText(facts: AnswerFacts, mentorName?: string): string {
  return withAnswerText(facts, mentorName).answer;
}
