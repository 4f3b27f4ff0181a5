/**
 * Retrieval latency: index build time and p50/p99 of a search, for the shipped content and
 * for a generated content base of N passages. Prints one JSON line per case.
 */
import { loadContent, type Chunk } from "../src/knowledge/content.js";
import { KnowledgeBase } from "../src/knowledge/knowledge-base.js";
import { Retriever } from "../src/knowledge/retriever.js";
import { loadSynonyms } from "../src/knowledge/synonyms.js";

const QUESTIONS = [
  "wat betekent doen en niet te veel praten voor ons initiatief?",
  "hoe vind ik de mensen in de wijk die er zin in hebben?",
  "wat gebeurt er op de laatste dag van de leergang?",
  "hoe werken we als corporatie gelijkwaardig samen met bewoners?",
  "onze coöperatie draait op één subsidie, wat als die stopt?",
  "what does start small mean for our case?",
  "how do we celebrate successes with the residents?",
  "Wat is de hoofdstad van Peru?",
  "write me a poem about autumn",
  "mag een bewonersinitiatief iemand in loondienst nemen?",
];

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** A generated content base: real Dutch and English sentences, shuffled into many passages. */
function generate(real: Chunk[], n: number): Chunk[] {
  const sentences = real.flatMap((c) =>
    c.text.split(/(?<=[.!?])\s+/).map((s) => ({ s, language: c.language })),
  );
  let seed = 42;
  const random = () => {
    seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  return Array.from({ length: n }, (_, i) => {
    const language = i % 2 === 0 ? "nl" : "en";
    const pool = sentences.filter((x) => x.language === language);
    const text = Array.from({ length: 5 }, () => pool[Math.floor(random() * pool.length)]?.s).join(" ");
    const doc = `generated-${Math.floor(i / 6)}`;
    const source = real[Math.floor(random() * real.length)] as Chunk;
    return {
      ...source,
      key: `${doc}#${i % 6}`,
      docId: doc,
      title: `${source.title} (${Math.floor(i / 6)})`,
      language,
      text,
    };
  });
}

async function main() {
  const [which, size] = [process.argv[2] ?? "shipped", Number(process.argv[3] ?? 5000)];
  const synonyms = await loadSynonyms();
  const content = await loadContent();
  const chunks = which === "shipped" ? content.chunks : generate(content.chunks, size);
  const t0 = performance.now();
  const retriever = Retriever.build(chunks, synonyms);
  const buildMs = performance.now() - t0;
  void KnowledgeBase;

  for (const q of QUESTIONS) retriever.search(q); // warm-up
  const times: number[] = [];
  for (let round = 0; round < 50; round++) {
    for (const q of QUESTIONS) {
      const start = performance.now();
      retriever.search(q);
      times.push(performance.now() - start);
    }
  }
  times.sort((a, b) => a - b);
  console.log(
    JSON.stringify({
      content: which,
      passages: chunks.length,
      buildMs,
      searches: times.length,
      p50Ms: percentile(times, 50),
      p99Ms: percentile(times, 99),
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    }),
  );
}

await main();
