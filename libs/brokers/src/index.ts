export {
  type BrokerAdapter,
  type BrokerCandle,
  type BrokerExchange,
  type BrokerHolding,
  type BrokerInstrument,
  type BrokerMargins,
  type BrokerOrder,
  type BrokerOrderStatus,
  type BrokerOrderType,
  type BrokerPosition,
  type BrokerProduct,
  type BrokerQuote,
  type BrokerSide,
  type BrokerTrade,
  type CandleInterval,
  type ModifyOrder,
  type PlaceOrder,
} from './broker-adapter';
export { BrokerError, isBrokerError, type BrokerErrorCode } from './broker-error';
export { KiteAdapter, kiteStatus, type KiteAdapterOptions } from './kite/kite-adapter';
export { classifyKiteError } from './kite/kite-errors';
export {
  exchangeKiteRequestToken,
  kiteLoginUrl,
  nextKiteExpiry,
  type KiteSession,
} from './kite/kite-session';
export { type KitePostback, verifyKitePostback } from './kite/kite-postback';
export { kiteTimeToUtcIso } from './kite/kite-time';
export { PaperBroker, type PaperBrokerOptions } from './paper/paper-broker';
export { MeteredBroker } from './resilience/metered-broker';
export { ResilientBroker, type ResilienceOptions } from './resilience/resilient-broker';
export { SlidingWindowLimiter, type RateWindow } from './resilience/sliding-window-limiter';
export { decimalFromWire, decimalToWire } from './wire-decimal';
export { DEFAULT_BACKOFF, backoffDelay, type BackoffPolicy } from './feeds/backoff';
export { FeedError, isFeedError, type FeedErrorCode } from './feeds/feed-error';
export {
  type FeedInstrument,
  type FeedMode,
  type FeedStatus,
  type MarketFeed,
  type Unsubscribe,
} from './feeds/market-feed';
export { bigMinorToDecimal, decimalToMinor, minorToDecimal } from './feeds/minor-units';
export { KiteFeed, type KiteFeedOptions, type KiteFeedStats } from './feeds/kite/kite-feed';
export {
  KITE_PACKET_LENGTHS,
  KITE_SEGMENTS,
  emptyKiteParseStats,
  kitePriceDecimals,
  kiteSegmentOf,
  parseKiteMessage,
  parseKitePacket,
  parseKiteSinglePacket,
  type KiteDepthLevel,
  type KiteMode,
  type KiteOhlc,
  type KiteParseStats,
  type KiteSegment,
  type KiteTick,
} from './feeds/kite/kite-packet';
export {
  kiteTickToTick,
  type InstrumentResolver,
  type ResolvedInstrument,
  type TickExchange,
} from './feeds/kite/kite-tick-mapper';
export {
  TickValidator,
  type TickRejection,
  type TickValidationCounts,
  type TickValidatorOptions,
  type TickVerdict,
} from './feeds/validation/tick-validator';
export { StaleFeedDetector, type StaleFeedDetectorOptions } from './feeds/validation/stale-feed-detector';
export {
  SMART_EXCHANGE_TYPES,
  SMART_PACKET_LENGTHS,
  emptySmartParseStats,
  parseSmartPacket,
  smartPriceDecimals,
  smartTickToTick,
  type SmartDepthLevel,
  type SmartMode,
  type SmartParseStats,
  type SmartTick,
} from './feeds/smartapi/smartapi-packet';
export {
  KITE_INSTRUMENTS_HEADER,
  parseKiteInstruments,
  type KiteInstrument,
  type KiteInstrumentsParse,
} from './feeds/instruments/kite-instruments';
export {
  OptionChainSubscription,
  type ChainChange,
  type ChainWindow,
  type OptionChainOptions,
} from './feeds/instruments/option-chain-subscription';
export { PlaybackFeed, type PlaybackEvent, type PlaybackOptions } from './feeds/replay/playback-feed';
export {
  ohlcvEvents,
  ohlcvReplayFeed,
  parseOhlcvCsv,
  type OhlcvReplayOptions,
  type OhlcvRow,
} from './feeds/replay/ohlcv-replay';
export {
  gbmSimulatorFeed,
  gbmTicks,
  intradayVolatilityShape,
  type GbmSimulatorOptions,
} from './feeds/replay/gbm-simulator';
export {
  BinanceAdapter,
  binanceOrderRef,
  binanceStatus,
  binanceToken,
  type BinanceAdapterOptions,
  type BinanceBalance,
} from './binance/binance-adapter';
export {
  BINANCE_SPOT_TESTNET,
  BinanceClient,
  encodeBinanceParams,
  signBinance,
  type BinanceClientOptions,
  type BinanceUsage,
} from './binance/binance-client';
export { classifyBinanceError } from './binance/binance-errors';
export {
  SMARTAPI_SCRIP_MASTER,
  SmartApiAdapter,
  angelTimestampToUtcIso,
  smartApiOrderType,
  smartApiStatus,
  type SmartApiAdapterOptions,
  type SmartApiSession,
  type SmartApiSymbolResolver,
} from './smartapi/smartapi-adapter';
export { SMARTAPI_ROOT, SmartApiClient, type SmartApiClientOptions } from './smartapi/smartapi-client';
export { classifySmartApiError, type SmartApiEnvelope } from './smartapi/smartapi-errors';
export { smartApiTotp } from './smartapi/smartapi-totp';
export {
  SMARTAPI_WS_URL,
  SmartApiFeed,
  type SmartApiFeedOptions,
  type SmartApiFeedStats,
} from './feeds/smartapi/smartapi-feed';
export {
  BINANCE_TESTNET_STREAM_URL,
  BinanceFeed,
  type BinanceBarInterval,
  type BinanceFeedOptions,
  type BinanceFeedStats,
  type BinanceKline,
} from './feeds/binance/binance-feed';
