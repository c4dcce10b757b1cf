import { dirname, join } from 'node:path';

import { Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';

/** The dashboard's files: plain ES modules, no build step. */
export const DASHBOARD_DIR = join(__dirname, 'public');

const chartsDir = join(dirname(require.resolve('lightweight-charts/package.json')), 'dist');

/**
 * Serves the dashboard at `/` and lightweight-charts' self-contained ES module at `/vendor/`, straight
 * from node_modules (no copy to keep in step). Registered in onModuleInit, after the API routes, so an
 * API path never falls through to a file.
 */
@Injectable()
export class DashboardSetup implements OnModuleInit {
  constructor(private readonly adapterHost: HttpAdapterHost) {}

  onModuleInit(): void {
    const http = this.adapterHost.httpAdapter;
    http.useStaticAssets?.(chartsDir, { prefix: '/vendor/lightweight-charts', index: false, maxAge: '1h' });
    http.useStaticAssets?.(DASHBOARD_DIR, { index: 'index.html' });
  }
}
