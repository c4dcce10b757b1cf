import { Body, Delete, Get, HttpCode, Param, Post, Req, SetMetadata } from '@nestjs/common';
import { ApiOkResponse } from '@nestjs/swagger';
import { type Request } from 'express';

import { ApiController } from '../http/api-controller.decorator';
import { ApiKeysService, type ApiKeyView } from './api-keys.service';
import {
  ApiKeyDto,
  ApiKeyIdDto,
  CreateApiKeyDto,
  CreatedApiKeyDto,
  LoginDto,
  RefreshDto,
  TokensDto,
} from './auth.schemas';
import { AuthService, type IssuedTokens } from './auth.service';
import { Caller, type CallContext } from './principal';

export const LOGIN_ROUTE = 'dalal:login-route';
/** Counted by the tighter `login` throttler as well as the API-wide one (see gateway-throttlers.ts). */
const LoginRoute = () => SetMetadata(LOGIN_ROUTE, true);

@ApiController('auth', { public: true })
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @LoginRoute()
  @ApiOkResponse({ type: TokensDto.Output })
  login(@Body() body: LoginDto, @Req() request: Request): Promise<IssuedTokens> {
    return this.auth.login(body, request.ip ?? 'unknown');
  }

  @Post('refresh')
  @HttpCode(200)
  @LoginRoute()
  @ApiOkResponse({ type: TokensDto.Output })
  refresh(@Body() body: RefreshDto): Promise<IssuedTokens> {
    return this.auth.refresh(body.refreshToken);
  }
}

@ApiController('api-keys', { tag: 'auth' })
export class ApiKeysController {
  constructor(private readonly apiKeys: ApiKeysService) {}

  @Get()
  @ApiOkResponse({ type: [ApiKeyDto.Output] })
  list(): Promise<ApiKeyView[]> {
    return this.apiKeys.list();
  }

  @Post()
  @ApiOkResponse({ type: CreatedApiKeyDto.Output })
  create(
    @Body() body: CreateApiKeyDto,
    @Caller() caller: CallContext,
  ): Promise<ApiKeyView & { key: string }> {
    return this.apiKeys.create(body.name, caller);
  }

  @Delete(':id')
  @ApiOkResponse({ type: ApiKeyDto.Output })
  revoke(@Param() params: ApiKeyIdDto, @Caller() caller: CallContext): Promise<ApiKeyView> {
    return this.apiKeys.revoke(params.id, caller);
  }
}
