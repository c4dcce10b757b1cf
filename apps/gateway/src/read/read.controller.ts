import { Get, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

import {
  type AlertView,
  type BarView,
  type FillView,
  type OrderDetailView,
  type OrderView,
  type Page,
  type SignalView,
} from '@dalal/persistence';

import { ApiController } from '../http/api-controller.decorator';
import {
  AlertsQueryDto,
  BarsQueryDto,
  IdParamDto,
  OrdersQueryDto,
  PnlQueryDto,
  PositionsQueryDto,
  SignalsQueryDto,
  TradesQueryDto,
} from './read.schemas';
import {
  type LivePositionView,
  type PnlView,
  type RiskView,
  type StrategyView,
  TradingReadService,
} from './trading-read.service';

/** The read side of the API: what the dashboard and scripts show. Every route needs a JWT or API key. */
@ApiController('', { tag: 'read' })
export class ReadController {
  constructor(private readonly read: TradingReadService) {}

  @Get('positions')
  @ApiTags('positions')
  positions(@Query() query: PositionsQueryDto): Promise<LivePositionView[]> {
    return this.read.positions(query);
  }

  @Get('positions/:id')
  @ApiTags('positions')
  position(@Param() params: IdParamDto): Promise<LivePositionView> {
    return this.read.position(params.id);
  }

  @Get('orders')
  @ApiTags('orders')
  orders(@Query() query: OrdersQueryDto): Promise<Page<OrderView>> {
    return this.read.orders(query);
  }

  @Get('orders/:id')
  @ApiTags('orders')
  order(@Param() params: IdParamDto): Promise<OrderDetailView> {
    return this.read.order(params.id);
  }

  @Get('trades')
  @ApiTags('orders')
  trades(@Query() query: TradesQueryDto): Promise<Page<FillView>> {
    return this.read.trades(query);
  }

  @Get('pnl')
  @ApiTags('pnl')
  pnl(@Query() query: PnlQueryDto): Promise<PnlView> {
    return this.read.pnl(query);
  }

  @Get('risk')
  @ApiTags('risk')
  risk(): Promise<RiskView> {
    return this.read.risk();
  }

  @Get('strategies')
  @ApiTags('strategies')
  strategies(): Promise<StrategyView[]> {
    return this.read.strategies();
  }

  @Get('signals')
  @ApiTags('signals')
  signals(@Query() query: SignalsQueryDto): Promise<Page<SignalView>> {
    return this.read.signals(query);
  }

  @Get('bars')
  @ApiTags('bars')
  bars(@Query() query: BarsQueryDto): Promise<BarView[]> {
    return this.read.bars(query);
  }

  @Get('alerts')
  @ApiTags('alerts')
  alerts(@Query() query: AlertsQueryDto): Promise<Page<AlertView>> {
    return this.read.alerts(query);
  }

  @Get('sessions')
  @ApiTags('brokers')
  sessions(): ReturnType<TradingReadService['sessions']> {
    return this.read.sessions();
  }
}
