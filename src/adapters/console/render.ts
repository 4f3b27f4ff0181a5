import { type Block, type Button, type Message, plainText } from "../../core/messages.js";

export interface RenderOptions {
  /** ANSI colours and bold (a terminal); plain text otherwise (a pipe, a test). */
  color: boolean;
}

const ansi = {
  bold: (s: string) => `\x1b[1m${s}\x1b[22m`,
  dim: (s: string) => `\x1b[2m${s}\x1b[22m`,
  cyan: (s: string) => `\x1b[36m${s}\x1b[39m`,
};

/**
 * Turns the core's light markup (*bold*, _italic_, `code`) into ANSI, or strips bold and
 * italic for plain output. Code (what to type: `als <naam>`) is bold cyan in a terminal and
 * keeps its backticks in plain output, so a command stays apart from the sentence around it;
 * inside it, nothing is read as markup.
 */
export function inline(text: string, { color }: RenderOptions): string {
  return text
    .split(/(`[^`\n]+`)/)
    .map((part, i) => {
      if (i % 2 === 1) return color ? ansi.bold(ansi.cyan(part.slice(1, -1))) : part;
      return part
        .replace(/\*([^*\n]+)\*/g, (_, s: string) => (color ? ansi.bold(s) : s))
        .replace(
          /(^|\s)_([^_\n]+)_(?=\s|$|[.,:;!?])/g,
          (_, pre: string, s: string) => pre + (color ? ansi.dim(s) : s),
        );
    })
    .join("");
}

function renderButtons(buttons: Button[], firstNumber: number, options: RenderOptions): string {
  return buttons
    .map((b, i) => {
      const label = `[${firstNumber + i}] ${b.label}`;
      return options.color && b.style === "primary" ? ansi.cyan(label) : label;
    })
    .join("  ");
}

function renderBlock(block: Block, buttonNumber: number, options: RenderOptions): string {
  switch (block.type) {
    case "text":
      return inline(block.text, options);
    case "section": {
      const title = block.title ? `${options.color ? ansi.bold(block.title) : block.title}\n` : "";
      const fields = (block.fields ?? []).map((f) => `  ${f.label}: ${inline(f.value, options)}`).join("\n");
      return `${title}${inline(block.text, options)}${fields ? `\n${fields}` : ""}`;
    }
    case "context":
      return options.color ? ansi.dim(inline(block.text, options)) : inline(block.text, options);
    case "divider":
      return "────────";
    case "image":
      return `[${block.alt}] ${block.url}`;
    case "actions":
      return renderButtons(block.buttons, buttonNumber, options);
  }
}

/**
 * Renders a message for the terminal. Buttons are numbered from 1 across the message;
 * the returned `buttons` say what each number does.
 */
export function renderMessage(message: Message, options: RenderOptions): { text: string; buttons: Button[] } {
  if (!message.blocks || message.blocks.length === 0)
    return { text: inline(plainText(message), options), buttons: [] };
  const buttons: Button[] = [];
  const parts = message.blocks.map((block) => {
    const rendered = renderBlock(block, buttons.length + 1, options);
    if (block.type === "actions") buttons.push(...block.buttons);
    return rendered;
  });
  return { text: parts.join("\n"), buttons };
}
