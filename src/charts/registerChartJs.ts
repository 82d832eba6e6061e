import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  SubTitle,
  Title,
} from 'chart.js';

let registered = false;

/** Registers only what the progress charts use (tree-shaken chart.js needs it) and turns animation off for Node. */
export function registerChartJs(): typeof Chart {
  if (!registered) {
    Chart.register(LineController, LineElement, PointElement, BarController, BarElement, CategoryScale, LinearScale, Filler, Legend, Title, SubTitle);
    Chart.defaults.animation = false;
    Chart.defaults.responsive = false;
    registered = true;
  }
  return Chart;
}
