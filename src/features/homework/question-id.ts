/** The form field (and answer key) of the i-th question: `q1`, `q2`, … */
export function questionId(index: number): string {
  return `q${index + 1}`;
}
