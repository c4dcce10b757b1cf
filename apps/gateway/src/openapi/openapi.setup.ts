import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { ApplicationConfig, HttpAdapterHost, ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';

import { API_PREFIX } from '../http/api-controller.decorator';

export const GATEWAY_MODULE_TYPE = Symbol('GATEWAY_MODULE_TYPE');

/**
 * OpenAPI 3 at /api/v1/openapi.json and Swagger UI at /docs, built from the controllers' zod DTOs.
 *
 * The service's Nest application is created by @dalal/runtime, which the gateway does not hold before
 * `listen`, so `SwaggerModule.setup(app)` cannot be called the usual way. Swagger reads three things from
 * an application — its modules, its route config and its HTTP adapter — and all three are injectable, so
 * they are handed over here. This runs in onModuleInit: after Nest registered the controllers' routes
 * and before its not-found handler, so these routes are reachable.
 */
@Injectable()
export class OpenApiSetup implements OnModuleInit {
  private document?: OpenAPIObject;

  constructor(
    private readonly modules: ModulesContainer,
    private readonly adapterHost: HttpAdapterHost,
    @Inject(GATEWAY_MODULE_TYPE) private readonly gatewayModule: object,
  ) {}

  onModuleInit(): void {
    const httpAdapter = this.adapterHost.httpAdapter;
    const app = {
      container: { getModules: () => this.modules, isGlobalModule: () => false },
      config: new ApplicationConfig(),
      getHttpAdapter: () => httpAdapter,
      useStaticAssets: (path: string, options: object) => httpAdapter.useStaticAssets?.(path, options),
    } as unknown as Parameters<typeof SwaggerModule.setup>[1];
    SwaggerModule.setup('docs', app, () => this.openApi(app), {
      jsonDocumentUrl: `${API_PREFIX}/openapi.json`,
      yamlDocumentUrl: `${API_PREFIX}/openapi.yaml`,
    });
  }

  private openApi(app: Parameters<typeof SwaggerModule.createDocument>[0]): OpenAPIObject {
    this.document ??= cleanupOpenApiDoc(
      SwaggerModule.createDocument(
        app,
        new DocumentBuilder()
          .setTitle('Dalal gateway')
          .setDescription('REST API of the Dalal trading platform (docs/gateway.md)')
          .setVersion('1')
          .addBearerAuth()
          .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
          .build(),
        { include: [this.gatewayModule as never] },
      ),
    );
    return this.document;
  }
}
