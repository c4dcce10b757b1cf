export { FakeKiteServer, type FakeKiteCandle, type FakeKiteOptions } from './kite-rest/fake-kite-server';
export { KITE_FIXTURES_DIR, kiteFixture, kiteFixtureText } from './kite-rest/kite-fixtures';
export {
  FakeKiteTicker,
  type FakeKiteClient,
  type FakeKiteTickerOptions,
} from './kite-ticker/fake-kite-ticker';
export {
  KITE_HEARTBEAT,
  encodeKiteMessage,
  encodeKitePacket,
  isIndexToken,
  type FakeKiteDepthLevel,
  type FakeKiteTick,
  type KiteTickerMode,
} from './kite-ticker/kite-ticker-encoder';
export {
  encodeSmartPacket,
  type FakeSmartDepthLevel,
  type FakeSmartTick,
  type SmartApiMode,
} from './smartapi-ws/smartapi-encoder';
export {
  FakeBinanceServer,
  type FakeBinanceOptions,
  type FakeBinanceOrder,
  type FakeBinanceSymbol,
  type FakeBinanceTrade,
} from './binance-rest/fake-binance-server';
export {
  FakeSmartApiServer,
  type FakeSmartApiOptions,
  type FakeSmartApiOrder,
  type FakeSmartApiScrip,
} from './smartapi-rest/fake-smartapi-server';
export {
  FakeSmartApiWs,
  type FakeSmartApiWsClient,
  type FakeSmartApiWsOptions,
} from './smartapi-ws/fake-smartapi-ws';
export {
  FakeBinanceStream,
  type FakeBinanceStreamClient,
  type FakeBinanceStreamKline,
  type FakeBinanceStreamTrade,
} from './binance-ws/fake-binance-stream';
export {
  FakeBotApiServer,
  type FakeBotApiCall,
  type FakeBotApiOptions,
  type FakeCallbackAnswer,
  type FakeSentMessage,
  type FakeTelegramUser,
} from './telegram-bot-api/fake-bot-api-server';
export { checkTelegramHtml, telegramVisibleText } from './telegram-bot-api/telegram-html';
