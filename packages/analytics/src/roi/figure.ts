/**
 * A money figure that carries how it was made: the UI opens every ROI number to its formula and inputs,
 * so nothing is a black box, and the report quotes the same text.
 */
export interface FigureInput {
  label: string;
  value: number;
  unit: string;
}

export interface Figure {
  label: string;
  /** null when an input is missing (no conversions imported, no baseline): shown as "no data", never 0. */
  value: number | null;
  unit: string;
  formula: string;
  inputs: FigureInput[];
}

export function figure(label: string, unit: string, formula: string, inputs: FigureInput[], compute: () => number): Figure {
  const value = inputs.every((i) => Number.isFinite(i.value)) ? compute() : null;
  return { label, value: value !== null && Number.isFinite(value) ? value : null, unit, formula, inputs };
}
