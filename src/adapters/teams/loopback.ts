import { isIPv4, isIPv6 } from "node:net";

/**
 * True for an IP address on this machine's loopback: 127.0.0.0/8, ::1, and the IPv4-mapped
 * form of 127.x (`::ffff:127.0.0.1`, what a dual-stack server sees for an IPv4 client).
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address) return false;
  const bare = address.startsWith("[") && address.endsWith("]") ? address.slice(1, -1) : address;
  if (isIPv4(bare)) return bare.split(".")[0] === "127";
  if (!isIPv6(bare)) return false;
  const groups = expandIPv6(bare.toLowerCase());
  if (!groups) return false;
  const zeros = (n: number) => groups.slice(0, n).every((g) => g === 0);
  // ::1 in any spelling (0:0:0:0:0:0:0:1, ::0001 …).
  if (zeros(7) && groups[7] === 1) return true;
  // ::ffff:127.x.y.z, also as ::ffff:7f00:1 (how URLs write it).
  return zeros(5) && groups[5] === 0xffff && (groups[6] ?? 0) >> 8 === 127;
}

/**
 * True when a URL's parsed host is loopback: `localhost` itself, or a loopback address. The
 * host is what `new URL()` makes of it (so `http://127.1/` is 127.0.0.1), never a prefix of
 * the text: `http://127.0.0.1.attacker.example/` and `http://localhost.evil.test/` are not.
 */
export function isLoopbackUrl(url: string | undefined): boolean {
  if (!url) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  if (parsed.protocol !== "http:" && parsed.protocol !== "https:") return false;
  const host = parsed.hostname.toLowerCase();
  return host === "localhost" || isLoopbackAddress(host);
}

/** The eight 16-bit groups of an IPv6 address (a dotted IPv4 tail becomes two groups). */
function expandIPv6(address: string): number[] | undefined {
  const dotted = /^(.*:)(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(address);
  const text = dotted
    ? `${dotted[1]}${((Number(dotted[2]) << 8) | Number(dotted[3])).toString(16)}:${((Number(dotted[4]) << 8) | Number(dotted[5])).toString(16)}`
    : address;
  const halves = text.split("::");
  if (halves.length > 2) return undefined;
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((g) => Number.parseInt(g, 16)));
  const left = parse(halves[0] ?? "");
  const right = halves.length === 2 ? parse(halves[1] ?? "") : [];
  const missing = 8 - left.length - right.length;
  if (missing < 0 || (halves.length === 1 && missing !== 0)) return undefined;
  const groups = [...left, ...Array<number>(missing).fill(0), ...right];
  return groups.every((g) => Number.isInteger(g) && g >= 0 && g <= 0xffff) ? groups : undefined;
}
