export { marketDataConfigSchema } from './config';
export { MarketDataModule } from './market-data.module';
