import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Language } from "../config/programme-schema.js";
import { type Logger, silentLogger } from "../core/log.js";
import type { Chunk } from "./content.js";
import type { KnowledgeBase, Source } from "./knowledge-base.js";
import { type ChatModel, classifyModelError, type ModelFailure } from "./models.js";

export const ANSWER_PROMPT = fileURLToPath(new URL("../../prompts/answer/system.md", import.meta.url));
/** The system prompt for answers about the programme itself, written from its facts. */
export const PROGRAMME_PROMPT = fileURLToPath(new URL("../../prompts/answer/programme.md", import.meta.url));

/** Longest question taken; longer ones are refused politely (and never sent to a model). */
export const MAX_QUESTION_LENGTH = 1000;
/** The model's reply when the passages do not answer the question. */
const NOT_IN_CONTENT = "NOT_IN_CONTENT";

export type AnswerMode = "llm" | "extractive" | "none";

/** A document an answer comes from. */
export interface AnswerSource {
  id: string;
  title: string;
  score: number;
}

/** The one passage an answer leads with: a few sentences of its best section, and where they are from. */
export interface LeadPassage {
  id: string;
  title: string;
  heading: string;
  /** The section's key (`principe-06#2`): what "Lees verder" shows in full. */
  key: string;
  /** Two or three sentences of the section that share most words with the question. */
  excerpt: string;
}

/**
 * What the content base has for a question: facts and passages, no sentence of its own. The
 * words the asker reads around them (an intro, "not in the content", "ask your mentor") are
 * the questions feature's (`answerText`).
 */
export type AnswerFacts = {
  /** Best first; empty when nothing relevant was found. */
  sources: AnswerSource[];
  /** The language the question was written in, which is the language of the answer. */
  language: Language;
} & (
  | {
      mode: "llm";
      /** The model's reply, grounded: citations of passages it was not given are removed. */
      text: string;
      /** The first passage it cited. */
      lead?: LeadPassage;
    }
  | {
      mode: "extractive";
      /** The passages themselves (`extractiveAnswer`), without an intro. */
      text: string;
      /** The best passage, short: what a phone shows first. */
      lead: LeadPassage;
      /** Why the model was not used although one is configured. */
      fallback?: ModelFailure | "ungrounded";
    }
  | {
      mode: "none";
      /** A related document, offered when nothing answered the question. */
      related?: { id: string; title: string };
    }
);

/**
 * Whose own details may go to the model: a feature that asks people for their consent (the
 * consent feature) hands it to the answerer with `guardPersonalData`. Without one, nobody's.
 */
export interface PersonalDataGate {
  /** True when the programme allows it and this person said yes. */
  allows(personId: string): Promise<boolean>;
  /**
   * Once per person, a short line saying how to allow it (undefined when it does not apply,
   * or was said before). Saying it counts: a second call says nothing.
   */
  hintOnce(personId: string, language: Language): Promise<string | undefined>;
}

export interface AskOptions {
  /** The asker's language: used when the question is too short to tell its own. */
  language?: Language;
}

/**
 * Answers questions from the content base: with a language model when one is configured
 * (grounded in the retrieved passages, with citations), extractively otherwise, and
 * plainly "not in the content" when nothing relevant is found. Never invents. Returns facts
 * and passages; the questions feature writes the sentences around them.
 *
 * @example
 * const answerer = await Answerer.create(knowledge);
 * const { mode, sources } = await answerer.ask("wat betekent klein beginnen?");
 */
export class Answerer {
  private constructor(
    private readonly knowledge: KnowledgeBase,
    private readonly systemPrompt: string,
    private readonly model?: ChatModel,
    private readonly logger: Logger = silentLogger,
    private readonly programmePrompt = "",
  ) {}

  private gate?: PersonalDataGate;

  /** Who may have their own details sent to the model (see `PersonalDataGate`). */
  guardPersonalData(gate: PersonalDataGate): void {
    this.gate = gate;
  }

  /**
   * True when a model is configured and this person's own details may go to it (the
   * programme allows it and they consented). False without a gate.
   */
  async mayShare(personId: string): Promise<boolean> {
    if (!this.model || !this.gate) return false;
    return this.gate.allows(personId);
  }

  /** The line, once, that says how to allow it; only with a model. See `PersonalDataGate.hintOnce`. */
  async consentHint(personId: string, language: Language): Promise<string | undefined> {
    if (!this.model || !this.gate) return undefined;
    return this.gate.hintOnce(personId, language);
  }

  static async create(
    knowledge: KnowledgeBase,
    options: { model?: ChatModel; logger?: Logger; promptFile?: string } = {},
  ): Promise<Answerer> {
    const prompt = await readFile(options.promptFile ?? ANSWER_PROMPT, "utf8");
    const programme = options.model ? await readFile(PROGRAMME_PROMPT, "utf8") : "";
    return new Answerer(knowledge, prompt, options.model, options.logger, programme);
  }

  /**
   * A model's wording of facts about the programme, as data in their own tags: the
   * programme's own dates, places and themes, or — with `about`, the id of the person they
   * are about — that person's own details, sent only when `mayShare(about)`. Undefined
   * without a model, when it fails, when it finds no answer, and when its reply does not
   * contain every one of `exact` (a date in words, a time, a place) as given: then the
   * caller's template is the answer, so a fact is never changed on the way.
   */
  async phraseFacts(
    question: string,
    facts: string,
    language: Language,
    exact: string[],
    about?: string,
  ): Promise<string | undefined> {
    if (!this.model) return undefined;
    if (about !== undefined && !(await this.mayShare(about))) return undefined;
    try {
      const reply = (
        await this.model.complete([
          {
            role: "system",
            content: this.programmePrompt.replaceAll("{{language}}", language === "nl" ? "Dutch" : "English"),
          },
          {
            role: "user",
            content: `<facts>\n${untag(facts)}\n</facts>\n\n<question>\n${untag(question.slice(0, MAX_QUESTION_LENGTH))}\n</question>`,
          },
        ])
      ).trim();
      if (!reply || reply.includes(NOT_IN_CONTENT)) return undefined;
      const lower = reply.toLowerCase();
      const missing = exact.filter((e) => !lower.includes(e.toLowerCase()));
      if (missing.length === 0) return reply;
      this.logger.warn(
        { model: this.model.name, missing: missing.length },
        "the model changed a programme fact; using the template",
      );
    } catch (error) {
      this.logger.warn({ err: error, model: this.model.name }, "model call failed; using the template");
    }
    return undefined;
  }

  get usesModel(): boolean {
    return this.model !== undefined;
  }

  async ask(question: string, options: AskOptions = {}): Promise<AnswerFacts> {
    const retrieval = await this.knowledge.search(question.slice(0, MAX_QUESTION_LENGTH), {
      fallback: options.language,
    });
    const language = retrieval.language;
    if (retrieval.sources.length === 0) return none(language, retrieval.nearest);

    let fallback: ModelFailure | "ungrounded" | undefined;
    if (this.model) {
      try {
        const reply = await this.model.complete(this.messages(question, retrieval.sources, language));
        const grounded = groundReply(reply, retrieval.sources);
        if (grounded === "none") return none(language, retrieval.sources[0]);
        if (grounded) {
          const first = retrieval.sources.find((s) => s.id === grounded.sources[0]?.id);
          const lead = first ? leadPassage(first, retrieval.terms) : undefined;
          return { ...grounded, mode: "llm", language, ...(lead ? { lead } : {}) };
        }
        fallback = "ungrounded";
        this.logger.warn(
          { model: this.model.name },
          "the model's answer cited no passage; answering extractively",
        );
      } catch (error) {
        fallback = classifyModelError(error);
        this.logger.warn(
          { err: error, model: this.model.name, fallback },
          "model call failed; answering extractively",
        );
      }
    }
    return {
      text: extractiveAnswer(question, retrieval.sources, retrieval.terms),
      lead: leadPassage(retrieval.sources[0] as Source, retrieval.terms),
      mode: "extractive",
      sources: retrieval.sources.map(publicSource),
      language,
      ...(fallback ? { fallback } : {}),
    };
  }

  /**
   * The conversation for the model. The passages and the question go in one user message,
   * each inside its own tags and stripped of any tags of ours, so that nothing in them can
   * pass for an instruction (the system prompt says they are data).
   */
  messages(question: string, sources: Source[], language: Language) {
    const passages = sources
      .map(
        (s) =>
          `<passage id="${s.id}" title="${attribute(s.title)}" section="${attribute(s.heading)}">\n${untag(s.chunk.text)}\n</passage>`,
      )
      .join("\n");
    return [
      {
        role: "system" as const,
        content: this.systemPrompt.replaceAll("{{language}}", language === "nl" ? "Dutch" : "English"),
      },
      {
        role: "user" as const,
        content: `<passages>\n${passages}\n</passages>\n\n<question>\n${untag(question)}\n</question>`,
      },
    ];
  }
}

const publicSource = (s: Source): AnswerSource => ({ id: s.id, title: s.title, score: s.score });

/** Nothing answers the question; a document that scored at all is offered as related. */
function none(language: Language, related?: Source): AnswerFacts {
  const suggestion = related && related.score > 0 ? related : undefined;
  return {
    mode: "none",
    sources: [],
    language,
    ...(suggestion ? { related: { id: suggestion.id, title: suggestion.title } } : {}),
  };
}

const OUR_TAGS = /<\/?\s*(passages?|question|facts|system|instructions?)\b[^>]*>/gi;

function untag(text: string): string {
  return text.replace(OUR_TAGS, " ");
}

function attribute(text: string): string {
  return text.replace(/["<>]/g, "");
}

/**
 * Checks a model's reply against the passages it was given: citations of ids that were
 * not given are removed; a reply that cites none of them is not grounded (undefined), and
 * `NOT_IN_CONTENT` means the model found no answer ("none").
 */
export function groundReply(
  reply: string,
  sources: Source[],
): { text: string; sources: AnswerSource[] } | "none" | undefined {
  const text = reply.trim();
  if (!text || text.startsWith(NOT_IN_CONTENT)) return "none";
  const given = new Set(sources.map((s) => s.id));
  const cited = new Set<string>();
  const grounded = text
    .replace(/\s*\[([a-z0-9-]+)\]/g, (whole, id: string) => {
      if (!given.has(id)) return "";
      cited.add(id);
      return whole;
    })
    .replaceAll(NOT_IN_CONTENT, "")
    .trim();
  if (cited.size === 0) return undefined;
  return { text: grounded, sources: sources.filter((s) => cited.has(s.id)).map(publicSource) };
}

/**
 * The passages themselves: per source its title and id, its one-line summary, and the
 * sentences of its best section that share the most words with the question (in their own
 * order). Sources that scored far below the best are only listed, not quoted: on a phone,
 * two good passages beat three middling ones.
 */
export function extractiveAnswer(question: string, sources: Source[], terms: string[]): string {
  const best = sources[0]?.score ?? 0;
  return sources
    .filter((s, i) => i === 0 || s.score >= QUOTE_SHARE * best)
    .map((s) => {
      const summary = s.chunk.summary ? `_${s.chunk.summary}_\n` : "";
      const quote = excerpt(s.chunk, terms, s.chunk.summary);
      return `*${s.title}* [${s.id}]\n${summary}${quote ? `${s.heading ? `${s.heading}: ` : ""}${quote}` : ""}`.trim();
    })
    .join("\n\n");
}

/** The best source as a phone shows it first: at most three sentences of its best section. */
export function leadPassage(source: Source, terms: string[]): LeadPassage {
  const quote = excerpt(source.chunk, terms, source.chunk.summary, LEAD_SENTENCES, LEAD_LENGTH);
  return {
    id: source.id,
    title: source.title,
    heading: source.heading,
    key: source.chunk.key,
    excerpt: quote || source.chunk.summary || "",
  };
}

const LEAD_SENTENCES = 3;
const LEAD_LENGTH = 300;

/** A source is quoted when it scored at least this share of the best one. */
const QUOTE_SHARE = 0.5;
const MAX_EXCERPT = 320;

function excerpt(
  chunk: Chunk,
  terms: string[],
  skip?: string,
  maxSentences = Infinity,
  maxLength = MAX_EXCERPT,
): string {
  const MAX = maxLength;
  const body = skip ? chunk.text.replace(skip, "") : chunk.text;
  const sentences = body
    .replace(/\s*\n+\s*/g, " ")
    .split(/(?<=[.!?])\s+(?=[A-Z0-9À-Ý"“‘(])/u)
    .filter(Boolean);
  const stems = terms.filter((t) => t.length > 2);
  const scored = sentences.map((s, i) => {
    const lower = s.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
    return { i, s, score: stems.filter((t) => lower.includes(t)).length };
  });
  const picked = new Set<number>();
  let length = 0;
  for (const c of [...scored].sort((a, b) => b.score - a.score || a.i - b.i)) {
    if (picked.size >= maxSentences) break;
    if (length + c.s.length > MAX && picked.size > 0) continue;
    picked.add(c.i);
    length += c.s.length;
    if (length >= MAX * 0.6) break;
  }
  const text = scored
    .filter((c) => picked.has(c.i))
    .map((c) => c.s)
    .join(" ");
  return text.length > MAX + 80 ? `${text.slice(0, MAX).replace(/\s+\S*$/, "")}…` : text;
}
