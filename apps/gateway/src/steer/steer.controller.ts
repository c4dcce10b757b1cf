import { Body, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';

import { Caller, type CallContext } from '../auth/principal';
import { ApiController } from '../http/api-controller.decorator';
import { IdParamDto } from '../read/read.schemas';
import {
  AcknowledgeAlertDto,
  ExitPositionDto,
  KillSwitchDto,
  ManualOrderDto,
  PatchStrategyDto,
  RearmDto,
  StartTradingDto,
  StopTradingDto,
  StrategyIdParamDto,
} from './steer.schemas';
import {
  type PublishedIntent,
  TradingControlService,
  type TradingStateAnswer,
} from './trading-control.service';

/** The steering routes; each writes its decision and an audit row before anything is announced. */
@ApiController('', { tag: 'steer' })
export class SteerController {
  constructor(private readonly control: TradingControlService) {}

  @Post('trading/start')
  @HttpCode(200)
  @ApiTags('trading')
  start(@Body() body: StartTradingDto, @Caller() caller: CallContext) {
    return this.control.start(body, caller);
  }

  @Post('trading/stop')
  @HttpCode(200)
  @ApiTags('trading')
  stop(@Body() body: StopTradingDto, @Caller() caller: CallContext): Promise<TradingStateAnswer> {
    return this.control.stop(body.reason, caller);
  }

  @Patch('strategies/:id')
  @ApiTags('strategies')
  patchStrategy(
    @Param() params: StrategyIdParamDto,
    @Body() body: PatchStrategyDto,
    @Caller() caller: CallContext,
  ) {
    return this.control.patchStrategy(params.id, body, caller);
  }

  @Post('positions/:id/exit')
  @HttpCode(202)
  @ApiTags('positions')
  exit(
    @Param() params: IdParamDto,
    @Body() body: ExitPositionDto,
    @Caller() caller: CallContext,
  ): Promise<PublishedIntent> {
    return this.control.exitPosition(params.id, body.reason, caller);
  }

  @Post('kill-switch')
  @HttpCode(200)
  @ApiTags('trading')
  killSwitch(@Body() body: KillSwitchDto, @Caller() caller: CallContext): Promise<TradingStateAnswer> {
    return this.control.killSwitch(body.reason, caller);
  }

  @Post('kill-switch/rearm')
  @HttpCode(200)
  @ApiTags('trading')
  rearm(@Body() body: RearmDto, @Caller() caller: CallContext): Promise<TradingStateAnswer> {
    return this.control.rearm(body, caller);
  }

  @Post('orders')
  @HttpCode(202)
  @ApiTags('orders')
  manualOrder(@Body() body: ManualOrderDto, @Caller() caller: CallContext): Promise<PublishedIntent> {
    return this.control.manualOrder(body, caller);
  }

  @Post('alerts/:id/acknowledge')
  @HttpCode(200)
  @ApiTags('alerts')
  acknowledge(@Param() params: IdParamDto, @Body() body: AcknowledgeAlertDto, @Caller() caller: CallContext) {
    return this.control.acknowledgeAlert(params.id, body.note, caller);
  }
}
