/**
 * Text on the store's brand colour must stay readable (WCAG AA: 4.5:1 for
 * text). The widget picks black or white, whichever contrasts more, unless the
 * page sets --totebot-on-accent itself.
 */

/** `rgb(r, g, b)` / `rgba(r, g, b, a)` as computed styles serialise colours. */
export function parseRgb(value: string): [number, number, number] | undefined {
  const match = /^rgba?\(\s*(\d+(?:\.\d+)?)[,\s]+(\d+(?:\.\d+)?)[,\s]+(\d+(?:\.\d+)?)/.exec(value.trim());
  return match ? [Number(match[1]), Number(match[2]), Number(match[3])] : undefined;
}

/** Relative luminance, WCAG 2.x §1.4.3 definition. */
export function relativeLuminance([red, green, blue]: [number, number, number]): number {
  const channel = (value: number) => {
    const srgb = value / 255;
    return srgb <= 0.04045 ? srgb / 12.92 : ((srgb + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue);
}

export function contrastRatio(first: number, second: number): number {
  const [lighter, darker] = first > second ? [first, second] : [second, first];
  return (lighter + 0.05) / (darker + 0.05);
}

/** Black or white, whichever reads better on `background`. */
export function readableTextOn(background: [number, number, number]): '#000000' | '#ffffff' {
  const luminance = relativeLuminance(background);
  return contrastRatio(luminance, 1) >= contrastRatio(luminance, 0) ? '#ffffff' : '#000000';
}
