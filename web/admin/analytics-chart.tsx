import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  type ChartConfiguration,
  LinearScale,
  Title,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'preact/hooks';
import type { BotStats } from './analytics-api.js';

// Only what a bar chart with a title and tooltips needs: the rest of Chart.js stays out of the bundle.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Title, Tooltip);

/** Colours read well on the dark theme (bars 7:1 against the panel; grid lines only separate). */
const BAR = '#7aa2ff';
const TEXT = '#f1f1f6';
const GRID = '#2c2c3a';

type Series = BotStats['usage_data'];

export function chartTitle(granularity: BotStats['granularity'], timezone: string): string {
  return `${granularity === 'hourly' ? 'Hourly' : 'Daily'} usage (${timezone})`;
}

function config(series: Series, title: string): ChartConfiguration<'bar'> {
  return {
    type: 'bar',
    data: {
      labels: series.map((b) => b.label),
      datasets: [{ label: 'Uses', data: series.map((b) => b.count), backgroundColor: BAR, borderRadius: 3 }],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      animation: false,
      plugins: {
        title: { display: true, text: title, color: TEXT, font: { size: 14 } },
        tooltip: { callbacks: { label: (item) => `${item.parsed.y} uses` } },
      },
      scales: {
        x: { ticks: { color: TEXT, autoSkip: true, maxRotation: 0 }, grid: { display: false } },
        y: { beginAtZero: true, ticks: { color: TEXT, precision: 0 }, grid: { color: GRID } },
      },
    },
  };
}

/**
 * ANA-4: the usage chart (hourly for one day, all 24 hours; daily otherwise, oldest first), redrawn when the numbers
 * change, with the same numbers as a table for screen readers and for anyone who wants to read them.
 */
export function UsageChart({ stats }: { stats: BotStats }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const chart = useRef<Chart<'bar'> | null>(null);
  const title = chartTitle(stats.granularity, stats.timezone);
  const series = stats.usage_data;

  useEffect(() => {
    if (!canvas.current) return;
    if (!chart.current) chart.current = new Chart(canvas.current, config(series, title));
    else {
      const next = config(series, title);
      chart.current.data = next.data;
      chart.current.options = next.options ?? {};
      chart.current.update();
    }
  }, [series, title]);
  useEffect(
    () => () => {
      chart.current?.destroy();
      chart.current = null;
    },
    [],
  );

  return (
    <figure class="panel usage-chart">
      <div class="chart-box">
        <canvas
          ref={canvas}
          role="img"
          aria-label={`${title}: ${series.length} bars; the table below has the numbers`}
          data-granularity={stats.granularity}
          data-bars={series.length}
        />
      </div>
      <details>
        <summary>Chart numbers</summary>
        <div class="table-scroll">
          <table class="data">
            <caption>{title}</caption>
            <thead>
              <tr>
                <th scope="col">{stats.granularity === 'hourly' ? 'Hour' : 'Day'}</th>
                <th scope="col">Uses</th>
              </tr>
            </thead>
            <tbody>
              {series.map((b) => (
                <tr key={b.date + b.label}>
                  <th scope="row">{b.label}</th>
                  <td>{b.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
