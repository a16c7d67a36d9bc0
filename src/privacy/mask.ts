/**
 * Masking of personal identifiers wherever they leave the database for human eyes: summaries,
 * triage output, pages to staff, operator listings. One place, so every screen hides the same way.
 */

/** A phone number's digits with the middle hidden: `13912345678` → `139****5678`. */
export function maskPhone(digits: string): string {
  if (digits.length <= 7) return '*'.repeat(digits.length);
  return `${digits.slice(0, 3)}${'*'.repeat(digits.length - 7)}${digits.slice(-4)}`;
}

const MOBILE_IN_TEXT = /(?<!\d)1[3-9]\d{9}(?!\d)/g;

/** Every mobile number inside free text masked, e.g. a description pasted into a page. */
export function maskPhonesIn(text: string): string {
  return text.replace(MOBILE_IN_TEXT, (m) => maskPhone(m));
}

/**
 * An account id with all but its last 4 characters hidden: enough for an operator to tell two
 * accounts apart, not enough to find the person. A short id shows at most half of itself.
 */
export function maskId(id: string): string {
  const shown = Math.min(4, Math.floor(id.length / 2));
  return `${'*'.repeat(id.length - shown)}${id.slice(id.length - shown)}`;
}
