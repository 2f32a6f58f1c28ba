import { parse, View, type Spec } from 'vega'
import { BANDS, type StatisticsBand } from './release-rules.ts'

/** One bar: a label (state, indicator or period) and its count per band. */
export interface ChartBar {
  label: string
  bands: Record<StatisticsBand, number>
}

const BAND_COLOURS: Record<StatisticsBand, string> = { low: '#9fb7c9', elevated: '#f2c14e', high: '#e07a3f', critical: '#b3261e' }

/**
 * A stacked bar chart by band, as standalone SVG (Vega renders it server-side without a browser or canvas).
 * Bars keep the order they are given in: most reports first for states, oldest first for periods.
 */
export async function stackedBarChart (options: { title: string, subtitle: string, xTitle: string, bars: ChartBar[] }): Promise<string> {
  const values = options.bars.flatMap((bar, order) => BANDS.map((band) => ({ label: bar.label, order, band, bandOrder: BANDS.indexOf(band), count: bar.bands[band] })))
  const width = Math.max(320, Math.min(1600, 28 * options.bars.length + 80))
  const spec: Spec = {
    $schema: 'https://vega.github.io/schema/vega/v6.json',
    width,
    height: 280,
    padding: 12,
    background: 'white',
    title: { text: options.title, subtitle: options.subtitle, anchor: 'start', fontSize: 15, subtitleFontSize: 11 },
    data: [
      { name: 'table', values },
      {
        name: 'stacked',
        source: 'table',
        transform: [{ type: 'stack', groupby: ['label'], sort: { field: 'bandOrder' }, field: 'count' }]
      }
    ],
    scales: [
      { name: 'x', type: 'band', domain: { data: 'table', field: 'label', sort: { field: 'order', op: 'min' } }, range: 'width', padding: 0.15 },
      { name: 'y', type: 'linear', domain: { data: 'stacked', field: 'y1' }, range: 'height', nice: true, zero: true },
      { name: 'colour', type: 'ordinal', domain: [...BANDS], range: BANDS.map((band) => BAND_COLOURS[band]) }
    ],
    axes: [
      { orient: 'bottom', scale: 'x', title: options.xTitle, labelAngle: options.bars.length > 12 ? -60 : 0, labelAlign: options.bars.length > 12 ? 'right' : 'center' },
      { orient: 'left', scale: 'y', title: 'Reports', grid: true, tickMinStep: 1 }
    ],
    legends: [{ fill: 'colour', title: 'Band', orient: 'right' }],
    marks: [{
      type: 'rect',
      from: { data: 'stacked' },
      encode: {
        enter: {
          x: { scale: 'x', field: 'label' },
          width: { scale: 'x', band: 1 },
          y: { scale: 'y', field: 'y0' },
          y2: { scale: 'y', field: 'y1' },
          fill: { scale: 'colour', field: 'band' },
          tooltip: { signal: "datum.label + ' ' + datum.band + ': ' + datum.count" }
        }
      }
    }]
  }
  const view = new View(parse(spec), { renderer: 'none' })
  try {
    return await view.toSVG()
  } finally {
    view.finalize()
  }
}
