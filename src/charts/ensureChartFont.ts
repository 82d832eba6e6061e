import { GlobalFonts } from '@napi-rs/canvas';

/** Families tried in order; DejaVu ships with Debian's fontconfig, the others with common desktop/server images. */
const PREFERRED = ['DejaVu Sans', 'Liberation Sans', 'Noto Sans', 'Arial', 'Helvetica'];
const FONT_DIRS = ['/usr/share/fonts', '/usr/local/share/fonts'];

export interface ChartFontStatus {
  /** The family chart text is drawn with; null means no font was found and text would not render. */
  family: string | null;
  families: number;
}

let cached: ChartFontStatus | undefined;

/**
 * @napi-rs/canvas draws no text without a font and bundles none; it usually finds system fonts by itself, but in
 * slim containers it may not, so the usual directories are loaded explicitly before giving up.
 */
export function ensureChartFont(): ChartFontStatus {
  if (cached) return cached;
  if (GlobalFonts.families.length === 0) {
    for (const dir of FONT_DIRS) GlobalFonts.loadFontsFromDir(dir);
  }
  const names = GlobalFonts.families.map((f) => f.family);
  const family = PREFERRED.find((name) => names.includes(name)) ?? names[0] ?? null;
  cached = { family, families: names.length };
  return cached;
}
