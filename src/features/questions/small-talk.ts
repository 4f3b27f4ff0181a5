import { normalise } from "./programme/intent.js";

const GREETING =
  /^(hoi|hallo|hey|hi|hello|hee|hej|heey|goedemorgen|goedemiddag|goedenavond|goeiemorgen|morgen|good (morning|afternoon|evening)|yo|dag|hiya)( (kampvuur|daar|allemaal|there|all|bot))?$/;
const THANKS =
  /^(dank( je| u)?( wel)?|dankjewel|dankuwel|bedankt|thanks?( you)?( so much| a lot)?|thank you|thx|tnx|top|super|prima|fijn|mooi|cool|oke|ok|okay|okido|helder|duidelijk|great|nice|perfect|got it)( (hoor|dank je|thanks|kampvuur))?$/;

/**
 * A greeting or a thank-you rather than a question ("hoi", "dank je wel", "thanks!"): answered
 * with a greeting, never searched for nor logged as something the content base lacks.
 */
export function smallTalk(message: string): "greeting" | "thanks" | undefined {
  const q = normalise(message.replace(/[\p{Extended_Pictographic}\uFE0F]/gu, " "));
  // Only a thumbs-up or folded hands say thanks; any other emoji on its own says nothing.
  if (q === "") return /[👍🙏]/u.test(message) ? "thanks" : undefined;
  if (GREETING.test(q)) return "greeting";
  if (THANKS.test(q)) return "thanks";
  return undefined;
}
