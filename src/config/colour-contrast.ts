// WCAG 2 contrast of two sRGB colours given as #rrggbb, so a brand colour that would make
// buttons or links unreadable is refused when Pingate starts, not found by a user.
const channel = (value: number): number => {
  const c = value / 255;
  return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
};

const luminance = (hex: string): number => {
  const n = Number.parseInt(hex.slice(1), 16);
  return 0.2126 * channel((n >> 16) & 255) + 0.7152 * channel((n >> 8) & 255) + 0.0722 * channel(n & 255);
};

export function contrastRatio(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

/** The card and button-text colours of pingate.css the accents are judged against. */
export const PAGE_COLOURS = {
  lightCard: '#ffffff',
  lightButtonText: '#ffffff',
  darkCard: '#1c2026',
  darkButtonText: '#0b0e12',
} as const;

export const MIN_CONTRAST = 4.5;
