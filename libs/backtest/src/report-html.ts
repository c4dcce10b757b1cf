import { type BacktestResult } from './engine';
import { drawdownSeries } from './metrics';
import { type SignalStats } from './signal-stats';

export interface HtmlReportOptions {
  /** The lightweight-charts standalone bundle, inlined so the file opens with no server or network. */
  readonly chartLibrary: string;
  readonly title: string;
  readonly params: Readonly<Record<string, unknown>>;
  /** Per-signal statistics of a multi-signal strategy (hourly-zones), shown as a table when given. */
  readonly signals?: Readonly<Record<string, SignalStats>>;
}

const IST_SECONDS = 330 * 60;
// Charts show UTC; shift to IST wall-clock so the axis reads exchange time.
const chartTime = (ms: number) => Math.floor(ms / 1000) + IST_SECONDS;

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
// JSON inside <script>: `<` escaped so no `</script>` in data can end the block.
const scriptJson = (value: unknown) => JSON.stringify(value).replace(/</g, '\\u003c');
const istText = (iso: string) =>
  new Date(Date.parse(iso) + IST_SECONDS * 1000).toISOString().slice(0, 16).replace('T', ' ');

/** The last bar starting at or before `ms`, so markers land on a bar the chart has. */
function snap(barTimes: readonly number[], ms: number): number {
  let lo = 0;
  let hi = barTimes.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (barTimes[mid]! <= ms) lo = mid;
    else hi = mid - 1;
  }
  return barTimes[lo] ?? ms;
}

/** A self-contained HTML report: metrics, price with entries/exits, equity, drawdown, every trade. */
export function renderHtmlReport(result: BacktestResult, options: HtmlReportOptions): string {
  const barTimes = result.bars.map((bar) => bar.time);
  const candles = result.bars.map((bar) => ({
    time: chartTime(bar.time),
    open: bar.open,
    high: bar.high,
    low: bar.low,
    close: bar.close,
  }));
  const markers = result.trades
    .flatMap((trade) => {
      const call = trade.tag === 'CE' || trade.legs[0]?.side === 'BUY';
      return [
        {
          time: chartTime(snap(barTimes, Date.parse(trade.entryTime))),
          position: call ? 'belowBar' : 'aboveBar',
          color: trade.tag === 'PE' ? '#c62828' : '#2e7d32',
          shape: call ? 'arrowUp' : 'arrowDown',
          text: `#${trade.id} ${trade.tag}`,
        },
        {
          time: chartTime(snap(barTimes, Date.parse(trade.exitTime))),
          position: 'aboveBar',
          color: '#455a64',
          shape: 'circle',
          text: `#${trade.id} ${trade.exitReason}`,
        },
      ];
    })
    .sort((a, b) => a.time - b.time);
  const equity = result.equity.map((p) => ({ time: chartTime(p.time), value: Number(p.equity.toFixed(2)) }));
  const drawdowns = drawdownSeries(result.capital, result.equity);
  const drawdown = result.equity.map((p, i) => ({
    time: chartTime(p.time),
    value: -Number(drawdowns[i]!.toFixed(2)),
  }));

  const m = result.metrics;
  const num = (n: number | null, digits = 2) =>
    n === null
      ? '—'
      : n.toLocaleString('en-IN', { maximumFractionDigits: digits, minimumFractionDigits: digits });
  const metricRows: Array<[string, string]> = [
    ['Net P&L (₹)', m.netPnl],
    ['Gross P&L (₹)', m.grossPnl],
    ['Charges (₹)', m.charges],
    ['Return', `${num(m.returnPct)}%`],
    ['Trades', String(m.trades)],
    ['Win rate', `${num(m.winRate * 100, 1)}%`],
    ['Average win / loss (₹)', `${num(m.averageWin)} / ${num(m.averageLoss)}`],
    ['Profit factor', num(m.profitFactor)],
    ['Expectancy (₹/trade)', num(m.expectancy)],
    ['Max drawdown', `₹${num(m.maxDrawdown)} (${num(m.maxDrawdownPct)}% of peak)`],
    ['Sharpe / Sortino (daily, ×√252)', `${num(m.sharpe)} / ${num(m.sortino)}`],
    ['Exposure', `${num(m.exposure * 100, 1)}% of bars`],
    ['Trading days', String(m.tradingDays)],
  ];
  const tradeRows = result.trades
    .map((t) => {
      const leg = t.legs
        .map((l) =>
          escapeHtml(
            `${l.side} ${l.quantity} ${l.strike} ${l.optionType} ${l.expiry}: ${l.entryPrice.toFixed(2)} → ${l.exitPrice.toFixed(2)}`,
          ),
        )
        .join('<br>'); // each leg escaped, then joined: the line break is markup, not text
      const cls = Number(t.netPnl) >= 0 ? 'win' : 'loss';
      return `<tr><td>${t.id}</td><td>${escapeHtml(t.tag)}</td><td>${istText(t.signalTime)}</td><td>${istText(t.entryTime)}</td><td>${istText(t.exitTime)}</td><td>${leg}</td><td>${t.underlyingAtEntry.toFixed(2)} → ${t.underlyingAtExit.toFixed(2)}</td><td>${escapeHtml(t.exitReason)}</td><td>${t.grossPnl}</td><td>${t.charges}</td><td class="${cls}">${t.netPnl}</td></tr>`;
    })
    .join('\n');

  const signalTable = options.signals ? renderSignalTable(options.signals) : '';

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(options.title)}</title>
<style>
body { font: 14px system-ui, sans-serif; margin: 24px; color: #1b1f23; }
h1 { font-size: 20px; } h2 { font-size: 16px; margin-top: 28px; }
.chart { width: 100%; height: 380px; } .small { height: 220px; }
table { border-collapse: collapse; } td, th { padding: 3px 8px; border-bottom: 1px solid #e1e4e8; text-align: right; }
th { background: #f6f8fa; } td:nth-child(2), td:nth-child(6), td:nth-child(8) { text-align: left; }
.win { color: #2e7d32; } .loss { color: #c62828; } .notes li { color: #57606a; }
pre { background: #f6f8fa; padding: 8px; }
</style>
</head>
<body>
<h1>${escapeHtml(options.title)}</h1>
<p>${escapeHtml(result.strategyId)} on ${escapeHtml(result.underlying)}, ${escapeHtml(result.timeframe)} bars (${result.strategyBars.toLocaleString('en-IN')} from ${result.sourceBars.toLocaleString('en-IN')} source bars); capital ₹${result.capital.toLocaleString('en-IN')}; lot size ${result.lotSize ?? '—'}; premiums: ${escapeHtml(result.premiumModel)}. Times are IST.</p>
<table id="metrics">${metricRows.map(([k, v]) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('')}</table>
${signalTable}
<ul class="notes">${result.notes.map((n) => `<li>${escapeHtml(n)}</li>`).join('')}</ul>
<h2>Price, entries and exits</h2><div id="price" class="chart"></div>
<h2>Equity (₹)</h2><div id="equity" class="chart small"></div>
<h2>Drawdown (₹ below peak)</h2><div id="drawdown" class="chart small"></div>
<h2>Trades</h2>
<table id="trades"><tr><th>#</th><th>side</th><th>signal</th><th>entry</th><th>exit</th><th>legs (qty strike type expiry: entry → exit)</th><th>underlying</th><th>reason</th><th>gross</th><th>charges</th><th>net</th></tr>
${tradeRows}
</table>
<h2>Parameters</h2><pre>${escapeHtml(JSON.stringify(options.params, null, 2))}</pre>
<script>${options.chartLibrary.replace(/<\/script/gi, '<\\/script')}</script>
<script id="data" type="application/json">${scriptJson({ candles, markers, equity, drawdown })}</script>
<script>
(function () {
  var LC = window.LightweightCharts;
  var data = JSON.parse(document.getElementById('data').textContent);
  var base = { autoSize: true, layout: { background: { color: '#ffffff' }, textColor: '#1b1f23' }, timeScale: { timeVisible: true, secondsVisible: false } };
  var price = LC.createChart(document.getElementById('price'), base);
  var candles = price.addSeries(LC.CandlestickSeries, { upColor: '#2e7d32', downColor: '#c62828', borderVisible: false, wickUpColor: '#2e7d32', wickDownColor: '#c62828' });
  candles.setData(data.candles);
  LC.createSeriesMarkers(candles, data.markers);
  price.timeScale().fitContent();
  var eq = LC.createChart(document.getElementById('equity'), base);
  eq.addSeries(LC.LineSeries, { color: '#1565c0', lineWidth: 2 }).setData(data.equity);
  eq.timeScale().fitContent();
  var dd = LC.createChart(document.getElementById('drawdown'), base);
  dd.addSeries(LC.AreaSeries, { lineColor: '#c62828', topColor: 'rgba(198,40,40,0.1)', bottomColor: 'rgba(198,40,40,0.4)', invertFilledArea: true }).setData(data.drawdown);
  dd.timeScale().fitContent();
  document.body.setAttribute('data-charts', 'ready');
})();
</script>
</body>
</html>
`;
}

/** One row per signal: what it fired, traded, won and lost, and its worst open P&L at a close. */
function renderSignalTable(signals: Readonly<Record<string, SignalStats>>): string {
  const pct = (rate: number | null) => (rate === null ? '—' : `${(rate * 100).toFixed(1)}%`);
  const rows = Object.entries(signals)
    .map(([id, s]) => {
      const cls = s.trades === 0 ? '' : Number(s.netPnl) >= 0 ? 'win' : 'loss';
      const exits = Object.entries(s.exits)
        .map(([reason, count]) => `${reason} ${count}`)
        .join(', ');
      return `<tr${s.active ? '' : ' class="inactive"'}><td>${escapeHtml(id)}${s.active ? '' : ' (off)'}</td><td>${s.fired}</td><td>${s.refused}</td><td>${s.trades}</td><td>${pct(s.winRate)}</td><td class="${cls}">${s.netPnl}</td><td>${s.averagePnl ?? '—'}</td><td>${s.maxAdverseExcursion ?? '—'}</td><td>${escapeHtml(exits) || '—'}</td></tr>`;
    })
    .join('\n');
  return `<h2>Signals</h2>
<style>#signals td { text-align: right; white-space: nowrap; } #signals td:first-child, #signals td:last-child, #signals th:first-child, #signals th:last-child { text-align: left; } #signals .inactive { color: #8c959f; } .scroll { overflow-x: auto; }</style>
<div class="scroll"><table id="signals"><tr><th>signal</th><th>fired</th><th>refused</th><th>trades</th><th>win rate</th><th>net (₹)</th><th>avg / trade (₹)</th><th>MAE (₹, at closes)</th><th>exits</th></tr>
${rows}
</table></div>
<p class="notes">MAE: the worst open P&amp;L (before charges) of the signal's trades at a strategy-bar close, from the equity curve; lows between closes are not seen.</p>`;
}
