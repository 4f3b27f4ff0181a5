import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { Resvg } from "@resvg/resvg-js";
import { parse as parseVega, View } from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import type { Language } from "../../config/programme-schema.js";
import type { OverviewReport } from "./service.js";
import { strings, weekNumber } from "./strings.js";

/** The chart's size in CSS pixels; the PNG has twice as many (sharp on a phone). */
export const CHART_WIDTH = 600;
export const CHART_HEIGHT = 360;
export const CHART_SCALE = 2;

/**
 * The font the chart is drawn with: shipped in `content/fonts/` (resvg sees no system fonts
 * unless asked, and a server image often has none), with the system's DejaVu as a fallback.
 */
const FONT_FAMILY = "DejaVu Sans";
const FONT_FILES = [
  fileURLToPath(new URL("../../../content/fonts/DejaVuSans.ttf", import.meta.url)),
  "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
];

export function chartFont(): string | undefined {
  return FONT_FILES.find((f) => existsSync(f));
}

/** A team's colour: the same team keeps its colour from week to week (colour-blind safe palette). */
const PALETTE = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00", "#f0e442", "#000000"];

/**
 * The Vega-Lite spec of the answers per week per team: grouped bars (a bar per team in each
 * week, so equal counts never hide each other), the weeks in which prompts were sent.
 */
export function answersChartSpec(report: OverviewReport, language: Language): TopLevelSpec {
  const t = strings(language);
  const promptWeeks = new Set(report.rows.filter((r) => (r.counts.prompts ?? 0) > 0).map((r) => r.week));
  const weeks = report.weeks.filter((w) => promptWeeks.has(w) || promptWeeks.size === 0);
  const values = report.rows
    .filter((r) => weeks.includes(r.week))
    .map((r) => ({ week: weekNumber(r.week), team: r.team.name, answers: r.counts.answered ?? 0 }));
  const teams = report.teams.map((team) => team.name);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    width: CHART_WIDTH,
    height: CHART_HEIGHT,
    autosize: { type: "fit", contains: "padding" },
    padding: 12,
    background: "#ffffff",
    title: { text: t.chartTitle, anchor: "start", fontSize: 18, fontWeight: "normal" },
    data: { values },
    mark: { type: "bar", cornerRadiusTopLeft: 2, cornerRadiusTopRight: 2 },
    encoding: {
      x: {
        field: "week",
        type: "ordinal",
        sort: weeks.map(weekNumber),
        title: t.weekColumn,
        axis: { labelAngle: 0, labelFontSize: 13, titleFontSize: 13 },
        scale: { paddingInner: 0.25 },
      },
      xOffset: { field: "team", type: "nominal", sort: teams },
      y: {
        field: "answers",
        type: "quantitative",
        title: t.chartAxis,
        axis: { tickMinStep: 1, format: "d", labelFontSize: 12, titleFontSize: 13 },
        scale: { zero: true },
      },
      color: {
        field: "team",
        type: "nominal",
        title: null,
        scale: { domain: teams, range: PALETTE },
        legend: { orient: "bottom", direction: "horizontal", labelFontSize: 13, columns: 3 },
      },
    },
    config: {
      font: FONT_FAMILY,
      view: { stroke: null },
      axis: { labelFont: FONT_FAMILY, titleFont: FONT_FAMILY, gridColor: "#e6e6e6" },
      legend: { labelFont: FONT_FAMILY, titleFont: FONT_FAMILY, labelLimit: 200 },
      title: { font: FONT_FAMILY },
    },
  };
}

/** The chart as SVG (Vega's own renderer, no canvas). */
export async function answersChartSvg(report: OverviewReport, language: Language): Promise<string> {
  const vegaSpec = compile(answersChartSpec(report, language)).spec;
  const view = new View(parseVega(vegaSpec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}

/** The chart as a PNG of `CHART_WIDTH × CHART_HEIGHT` at `CHART_SCALE` (1200 × 720 pixels). */
export async function answersChartPng(report: OverviewReport, language: Language): Promise<Buffer> {
  return svgToPng(await answersChartSvg(report, language));
}

export function svgToPng(svg: string): Buffer {
  const font = chartFont();
  const resvg = new Resvg(svg, {
    fitTo: { mode: "zoom", value: CHART_SCALE },
    background: "#ffffff",
    font: {
      fontFiles: font ? [font] : [],
      loadSystemFonts: !font,
      defaultFontFamily: FONT_FAMILY,
      sansSerifFamily: FONT_FAMILY,
    },
  });
  return resvg.render().asPng();
}

/** Reads the width and height out of a PNG's IHDR chunk; undefined when it is not a PNG. */
export function pngSize(png: Uint8Array): { width: number; height: number } | undefined {
  const signature = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (png.length < 24 || signature.some((b, i) => png[i] !== b)) return undefined;
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  if (String.fromCharCode(...png.subarray(12, 16)) !== "IHDR") return undefined;
  return { width: view.getUint32(16), height: view.getUint32(20) };
}
