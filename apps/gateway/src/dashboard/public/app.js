import {
  CandlestickSeries,
  LineSeries,
  createChart,
  createSeriesMarkers,
} from '/vendor/lightweight-charts/lightweight-charts.standalone.production.mjs';

import { Unauthorized, api, liveSocket, loggedIn, login, logout } from './api.js';

const $ = (selector) => document.querySelector(selector);
// Charts draw UTC; shifting by IST's offset makes the axis read exchange time.
const IST_SECONDS = 330 * 60;
const chartTime = (iso) => Math.floor(Date.parse(iso) / 1000) + IST_SECONDS;
const rupees = (text) => {
  if (text === null || text === undefined) return '–';
  const value = Number(text);
  return Number.isFinite(value) ? value.toLocaleString('en-IN', { maximumFractionDigits: 2 }) : '–';
};
const sign = (text) => (Number(text) > 0 ? 'up' : Number(text) < 0 ? 'down' : '');
const istClock = (iso) =>
  new Date(iso).toLocaleTimeString('en-IN', { timeZone: 'Asia/Kolkata', hour: '2-digit', minute: '2-digit' });
const el = (tag, attrs = {}, ...children) => {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value);
  }
  node.append(...children.filter((c) => c !== null && c !== undefined));
  return node;
};
const chartTheme = {
  layout: { background: { color: 'transparent' }, textColor: '#8b98a5' },
  grid: { vertLines: { color: '#1f2a33' }, horzLines: { color: '#1f2a33' } },
  timeScale: { timeVisible: true, secondsVisible: false, borderColor: '#26313b' },
  rightPriceScale: { borderColor: '#26313b' },
  autoSize: true,
};

let price;
let candles;
let markers;
let pnlSeries;
let pnlChart;
let socket;

function instrument() {
  const [exchange, symbol] = $('#instrument').value.split('|');
  return { exchange, symbol, timeframe: $('#timeframe').value };
}

async function loadChart() {
  const { exchange, symbol, timeframe } = instrument();
  let bars = [];
  try {
    bars = await api(
      `bars?exchange=${exchange}&instrument=${encodeURIComponent(symbol)}&timeframe=${timeframe}&limit=400`,
    );
  } catch (err) {
    if (err instanceof Unauthorized) throw err; // an instrument without bars yet is just an empty chart
  }
  candles.setData(
    bars.map((bar) => ({
      time: chartTime(bar.openTime),
      open: +bar.open,
      high: +bar.high,
      low: +bar.low,
      close: +bar.close,
    })),
  );
  price.timeScale().fitContent();
}

async function loadTrades() {
  const day = new Date(Date.now() + IST_SECONDS * 1000).toISOString().slice(0, 10);
  const trades = await api(`trades?day=${day}&pageSize=200`);
  // Entries and exits of every strategy today, on the underlying's chart at the minute they filled.
  markers.setMarkers(
    trades.items
      .map((fill) => ({
        time: chartTime(fill.filledAt) - (chartTime(fill.filledAt) % 60),
        position: fill.side === 'BUY' ? 'belowBar' : 'aboveBar',
        color: fill.side === 'BUY' ? '#26a69a' : '#ef5350',
        shape: fill.side === 'BUY' ? 'arrowUp' : 'arrowDown',
        text: `${fill.side} ${fill.quantity} ${fill.instrument} @ ${fill.price}`,
      }))
      .sort((a, b) => a.time - b.time),
  );
}

async function loadPositions() {
  const positions = await api('positions');
  $('#positions tbody').replaceChildren(
    ...positions.map((p) =>
      el(
        'tr',
        { 'data-instrument': p.instrument },
        el('td', {}, p.instrument),
        el('td', { class: 'num' }, p.netQuantity),
        el('td', { class: 'num' }, rupees(p.averagePrice)),
        el('td', { class: 'num' }, rupees(p.markPrice)),
        el('td', { class: `num ${sign(p.unrealizedPnl)}` }, rupees(p.unrealizedPnl)),
        el('td', {}, el('button', { class: 'small secondary', onclick: () => exitPosition(p) }, 'Exit')),
      ),
    ),
  );
}

async function exitPosition(position) {
  if (!confirm(`Exit ${position.netQuantity} ${position.instrument} at market?`)) return;
  await api(`positions/${position.id}/exit`, { method: 'POST', body: { reason: 'exit from the dashboard' } });
}

async function loadPnl() {
  const pnl = await api('pnl');
  const total = Number(pnl.today.realized) + Number(pnl.today.unrealized);
  $('#pnl-total').textContent = `₹ ${rupees(total)}`;
  $('#pnl-total').className = `figure ${sign(total)}`;
  const points = new Map();
  for (const point of pnl.today.curve) points.set(chartTime(point.at), Number(point.realized));
  pnlSeries.setData([...points].map(([time, value]) => ({ time, value })));
  pnlChart.timeScale().fitContent();
}

async function loadOrders() {
  const orders = await api('orders?pageSize=20');
  $('#orders tbody').replaceChildren(
    ...orders.items.map((o) =>
      el(
        'tr',
        {},
        el('td', {}, istClock(o.createdAt)),
        el('td', {}, o.instrument),
        el('td', { class: o.side === 'BUY' ? 'up' : 'down' }, o.side),
        el('td', { class: 'num' }, `${o.filledQuantity}/${o.quantity}`),
        el('td', {}, o.state),
      ),
    ),
  );
}

async function loadRisk() {
  const [risk, health] = await Promise.all([api('risk'), fetch('/api/v1/health').then((r) => r.json())]);
  const state = risk.account.state;
  $('#state').textContent = state;
  $('#state').className = `badge ${state}`;
  $('#state').title = `${risk.account.reason} (${risk.account.actor})`;
  $('#rearm').hidden = state !== 'HALTED';
  $('#kill').hidden = state === 'HALTED';
  $('#market').textContent = `NSE ${health.market.open ? 'open' : 'closed'}`;
  const meters = [];
  for (const limit of risk.limits) {
    for (const [name, max] of Object.entries(limit.risk ?? {})) {
      if (typeof max !== 'number' || max <= 0) continue;
      const used = risk.counters.find((c) => c.scope === limit.strategyInstanceId && c.name === name);
      const fraction = Number(used?.value ?? 0) / max;
      const level = fraction >= 1 ? 'over' : fraction >= 0.8 ? 'warn' : '';
      meters.push(
        el(
          'li',
          { class: `meter ${level}` },
          el('span', {}, `${limit.strategyInstanceId} · ${name}: ${used?.value ?? 0} / ${max}`),
          el(
            'div',
            { class: 'track' },
            el('div', { class: 'fill', style: `width:${Math.min(100, fraction * 100)}%` }),
          ),
        ),
      );
    }
  }
  $('#risk').replaceChildren(...meters);
}

async function loadAlerts() {
  const alerts = await api('alerts?pageSize=20');
  $('#alerts').replaceChildren(
    ...alerts.items.map((a) =>
      el(
        'li',
        { class: a.severity },
        el('div', {}, `${a.severity} ${a.code}: ${a.message}`),
        el(
          'div',
          { class: 'meta' },
          `${istClock(a.raisedAt)} `,
          a.acknowledgedAt
            ? `acknowledged by ${a.acknowledgedBy}`
            : el('button', { class: 'small secondary', onclick: () => acknowledge(a) }, 'Acknowledge'),
        ),
      ),
    ),
  );
}

async function acknowledge(alert) {
  await api(`alerts/${alert.id}/acknowledge`, { method: 'POST', body: {} });
  await loadAlerts();
}

async function loadSignals() {
  const signals = await api('signals?pageSize=15');
  $('#signals').replaceChildren(
    ...signals.items.map((s) =>
      el(
        'li',
        {},
        el(
          'div',
          {},
          `${s.action} ${s.strategyId} · ${s.rule}`,
          s.decision ? ` · ${s.decision.approved ? 'approved' : `rejected: ${s.decision.reason}`}` : '',
        ),
        el(
          'div',
          { class: 'meta' },
          `${istClock(s.barTime)} · ${Object.entries(s.indicators)
            .map(([k, v]) => `${k} ${Number(v).toFixed(2)}`)
            .join(' · ')}`,
        ),
      ),
    ),
  );
}

async function loadSessions() {
  const sessions = await api('sessions');
  $('#sessions').replaceChildren(
    ...sessions
      .slice(0, 5)
      .map((s) =>
        el(
          'li',
          { class: s.valid ? '' : 'WARNING' },
          el('div', {}, `${s.broker} ${s.accountId}: ${s.valid ? 'valid' : 'expired'}`),
          el(
            'div',
            { class: 'meta' },
            s.expiresAt
              ? `until ${new Date(s.expiresAt).toLocaleString('en-IN', { timeZone: 'Asia/Kolkata' })} IST`
              : '',
          ),
        ),
      ),
  );
}

const loaders = {
  loadPositions,
  loadPnl,
  loadOrders,
  loadRisk,
  loadAlerts,
  loadSignals,
  loadSessions,
  loadTrades,
};

async function refreshAll() {
  await Promise.all(Object.values(loaders).map((load) => load()));
}

function guard(work) {
  return (...args) =>
    work(...args).catch((err) => {
      if (err instanceof Unauthorized) return showLogin();
      console.error(err);
    });
}

/** Events name what changed; the affected panels reload (the REST answer stays the one source of truth). */
const reloadFor = {
  orders: ['loadOrders'],
  fills: ['loadPositions', 'loadPnl', 'loadTrades', 'loadOrders'],
  positions: ['loadPositions', 'loadPnl'],
  pnl: ['loadPnl'],
  signals: ['loadSignals'],
  alerts: ['loadAlerts'],
  control: ['loadRisk', 'loadSessions'],
};
const pending = new Set();
let reloadTimer;

function onEvent(frame) {
  if (frame.channel.startsWith('bars:') && frame.data.closed !== undefined) {
    const bar = frame.data;
    candles.update({
      time: chartTime(bar.openTime),
      open: +bar.open,
      high: +bar.high,
      low: +bar.low,
      close: +bar.close,
    });
    return;
  }
  for (const name of reloadFor[frame.channel] ?? []) pending.add(name);
  clearTimeout(reloadTimer);
  // Coalesced: a burst of fills reloads each panel once.
  reloadTimer = setTimeout(
    guard(async () => {
      const names = [...pending];
      pending.clear();
      await Promise.all(names.map((name) => loaders[name]()));
    }),
    150,
  );
}

function channels() {
  const { exchange, symbol, timeframe } = instrument();
  return [
    'orders',
    'fills',
    'positions',
    'pnl',
    'signals',
    'alerts',
    'control',
    `bars:${exchange}:${symbol}:${timeframe}`,
  ];
}

function showLogin() {
  logout();
  $('#desk').hidden = true;
  $('#login').hidden = false;
}

async function showDesk() {
  $('#login').hidden = true;
  $('#desk').hidden = false;
  if (!price) {
    price = createChart($('#chart'), chartTheme);
    candles = price.addSeries(CandlestickSeries, {
      upColor: '#26a69a',
      downColor: '#ef5350',
      borderVisible: false,
      wickUpColor: '#26a69a',
      wickDownColor: '#ef5350',
    });
    markers = createSeriesMarkers(candles, []);
    pnlChart = createChart($('#pnl-chart'), chartTheme);
    pnlSeries = pnlChart.addSeries(LineSeries, { color: '#4c8bf5', lineWidth: 2 });
  }
  await loadChart();
  await refreshAll();
  socket ??= liveSocket({
    channels,
    onEvent,
    onState: (up) => {
      $('#live').textContent = up ? '●' : '○';
      $('#live').className = up ? 'up' : 'muted';
    },
  });
  // Marks move with ticks between fills: positions and P&L are re-read every few seconds.
  setInterval(
    guard(async () => Promise.all([loadPositions(), loadPnl()])),
    5_000,
  );
}

$('#login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  $('#login-error').textContent = '';
  try {
    await login(form.get('username'), form.get('password'));
    await guard(showDesk)();
  } catch (err) {
    $('#login-error').textContent = err.message;
  }
});

$('#kill').addEventListener('click', () => $('#kill-dialog').showModal());
$('#kill-dialog').addEventListener(
  'close',
  guard(async () => {
    if ($('#kill-dialog').returnValue !== 'confirm') return;
    const reason = new FormData($('#kill-form')).get('reason');
    await api('kill-switch', { method: 'POST', body: { confirm: true, reason } });
    await loadRisk();
  }),
);
$('#rearm').addEventListener(
  'click',
  guard(async () => {
    if (!confirm('Re-arm trading? Strategies may open new positions again.')) return;
    try {
      await api('kill-switch/rearm', { method: 'POST', body: { confirm: true } });
    } catch (err) {
      if (err instanceof Unauthorized) throw err;
      if (!confirm(`${err.message}\n\nRe-arm anyway?`)) return;
      await api('kill-switch/rearm', { method: 'POST', body: { confirm: true, force: true } });
    }
    await loadRisk();
  }),
);
$('#kite-login').addEventListener(
  'click',
  guard(async () => {
    const { url } = await api('brokers/kite/login?format=json');
    location.assign(url);
  }),
);
for (const select of ['#instrument', '#timeframe'])
  $(select).addEventListener(
    'change',
    guard(async () => {
      await loadChart();
      socket?.resubscribe();
    }),
  );

if (loggedIn()) guard(showDesk)();
else showLogin();
