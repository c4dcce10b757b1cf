import { Body, Get, HttpCode, Inject, Post, Query, Res } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { type Response } from 'express';

import { Caller, type CallContext } from '../auth/principal';
import { type GatewayConfig } from '../config';
import { GATEWAY_CONFIG } from '../gateway.tokens';
import { ApiController } from '../http/api-controller.decorator';
import {
  BrokerLoginResultDto,
  KiteCallbackQueryDto,
  KiteLoginQueryDto,
  SmartApiLoginDto,
} from './broker-login.schemas';
import { type BrokerLoginResult, BrokerLoginService } from './broker-login.service';

/** Starting a broker login and SmartAPI's login need the operator's token. */
@ApiController('brokers')
export class BrokerLoginController {
  constructor(private readonly logins: BrokerLoginService) {}

  @Get('kite/login')
  kiteLogin(
    @Query() query: KiteLoginQueryDto,
    @Caller() caller: CallContext,
    @Res() response: Response,
  ): void {
    const url = this.logins.kiteLoginUrl(caller);
    if (query.format === 'json') response.json({ url });
    else response.redirect(302, url);
  }

  @Post('smartapi/login')
  @HttpCode(200)
  @ApiOkResponse({ type: BrokerLoginResultDto.Output })
  smartApiLogin(@Body() body: SmartApiLoginDto, @Caller() caller: CallContext): Promise<BrokerLoginResult> {
    return this.logins.smartApiLogin(body, caller);
  }
}

/**
 * Kite's redirect after its login page: the browser arrives without our token, so the callback is
 * public and trusts only the one-time `state` handed out to an authenticated operator.
 */
@ApiController('brokers', { public: true })
export class KiteCallbackController {
  constructor(
    private readonly logins: BrokerLoginService,
    @Inject(GATEWAY_CONFIG) private readonly config: GatewayConfig,
  ) {}

  @Get('kite/callback')
  async kiteCallback(@Query() query: KiteCallbackQueryDto, @Res() response: Response): Promise<void> {
    const result = await this.logins.kiteCallback(query);
    const dashboard = new URL(this.config.PUBLIC_URL ?? 'http://localhost/');
    // Back to the dashboard, which shows the new session; relative unless PUBLIC_URL says where it is.
    const target = `${this.config.PUBLIC_URL ? dashboard.origin : ''}/?broker=kite&session=${result.sessionId}`;
    response.redirect(302, target);
  }
}
