import type { ChartTheme } from './types.js';

export interface ChartPalette {
  background: string;
  text: string;
  mutedText: string;
  grid: string;
  score: string;
  movingAverage: string;
  fillers: string;
  wpmLine: string;
  paceBand: string;
  best: string;
  weakest: string;
  category: string;
}

/*
 * Dark by default: Discord's default theme is dark and the embed sits on #2b2d31, so a white 1200×800 block would
 * glare there. The image paints its own background, so it stays legible on light Slack/Discord themes too (it reads
 * as a dark card). Series colours come from the Okabe–Ito palette, which stays distinguishable with colour blindness.
 */
const palettes: Record<ChartTheme, ChartPalette> = {
  dark: {
    background: '#2b2d31',
    text: '#f2f3f5',
    mutedText: '#b5bac1',
    grid: 'rgba(255, 255, 255, 0.12)',
    score: '#56b4e9',
    movingAverage: '#e69f00',
    fillers: '#cc79a7',
    wpmLine: '#f0e442',
    paceBand: 'rgba(0, 158, 115, 0.30)',
    best: '#009e73',
    weakest: '#d55e00',
    category: '#56b4e9',
  },
  light: {
    background: '#ffffff',
    text: '#1e1f22',
    mutedText: '#4e5058',
    grid: 'rgba(0, 0, 0, 0.10)',
    score: '#0072b2',
    movingAverage: '#e69f00',
    fillers: '#cc79a7',
    wpmLine: '#0072b2',
    paceBand: 'rgba(0, 158, 115, 0.18)',
    best: '#009e73',
    weakest: '#d55e00',
    category: '#0072b2',
  },
};

export function chartPalette(theme: ChartTheme): ChartPalette {
  return palettes[theme];
}
