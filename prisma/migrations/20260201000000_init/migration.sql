-- CreateSchema
CREATE SCHEMA IF NOT EXISTS "public";

-- CreateEnum
CREATE TYPE "TradingMode" AS ENUM ('backtest', 'paper', 'live');

-- CreateEnum
CREATE TYPE "OrderSide" AS ENUM ('BUY', 'SELL');

-- CreateEnum
CREATE TYPE "OrderState" AS ENUM ('PENDING_SUBMIT', 'OPEN', 'PARTIALLY_FILLED', 'FILLED', 'CANCELLED', 'REJECTED');

-- CreateEnum
CREATE TYPE "AlertSeverity" AS ENUM ('INFO', 'WARNING', 'CRITICAL');

-- CreateTable
CREATE TABLE "instruments" (
    "id" SERIAL NOT NULL,
    "exchange" VARCHAR(16) NOT NULL,
    "symbol" VARCHAR(64) NOT NULL,
    "kind" VARCHAR(24) NOT NULL,
    "underlying" VARCHAR(32),
    "expiry" DATE,
    "strike" DECIMAL(24,8),
    "option_type" VARCHAR(2),
    "broker_tokens" JSONB NOT NULL DEFAULT '{}',
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "instruments_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "instrument_specs" (
    "id" SERIAL NOT NULL,
    "instrument_id" INTEGER NOT NULL,
    "effective_from" DATE NOT NULL,
    "lot_size" DECIMAL(24,8) NOT NULL,
    "tick_size" DECIMAL(24,8) NOT NULL,
    "freeze_quantity" DECIMAL(24,8),
    "source" TEXT,

    CONSTRAINT "instrument_specs_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "bars" (
    "instrument_id" INTEGER NOT NULL,
    "timeframe" VARCHAR(4) NOT NULL,
    "open_time" TIMESTAMPTZ(3) NOT NULL,
    "close_time" TIMESTAMPTZ(3) NOT NULL,
    "open" DECIMAL(24,8) NOT NULL,
    "high" DECIMAL(24,8) NOT NULL,
    "low" DECIMAL(24,8) NOT NULL,
    "close" DECIMAL(24,8) NOT NULL,
    "volume" BIGINT NOT NULL,

    CONSTRAINT "bars_pkey" PRIMARY KEY ("instrument_id","timeframe","open_time")
);

-- CreateTable
CREATE TABLE "strategies" (
    "id" VARCHAR(64) NOT NULL,
    "name" TEXT NOT NULL,
    "description" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "strategies_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "strategy_parameter_sets" (
    "id" SERIAL NOT NULL,
    "strategy_id" VARCHAR(64) NOT NULL,
    "version" INTEGER NOT NULL,
    "hash" VARCHAR(64) NOT NULL,
    "params" JSONB NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "strategy_parameter_sets_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "trading_sessions" (
    "id" VARCHAR(64) NOT NULL,
    "mode" "TradingMode" NOT NULL,
    "strategy_id" VARCHAR(64),
    "parameter_set_id" INTEGER,
    "broker" VARCHAR(16),
    "started_at" TIMESTAMPTZ(3) NOT NULL,
    "ended_at" TIMESTAMPTZ(3),
    "realized_pnl" DECIMAL(36,12),
    "charges" DECIMAL(24,8),
    "net_pnl" DECIMAL(36,12),
    "trade_count" INTEGER NOT NULL DEFAULT 0,
    "summary" JSONB,

    CONSTRAINT "trading_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "signals" (
    "intent_id" VARCHAR(64) NOT NULL,
    "message_id" VARCHAR(32),
    "strategy_id" VARCHAR(64) NOT NULL,
    "session_id" VARCHAR(64),
    "mode" "TradingMode" NOT NULL,
    "action" VARCHAR(8) NOT NULL,
    "rule" TEXT NOT NULL,
    "indicators" JSONB NOT NULL,
    "legs" JSONB NOT NULL,
    "bar_time" TIMESTAMPTZ(3) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "signals_pkey" PRIMARY KEY ("intent_id")
);

-- CreateTable
CREATE TABLE "risk_decisions" (
    "id" SERIAL NOT NULL,
    "intent_id" VARCHAR(64) NOT NULL,
    "message_id" VARCHAR(32),
    "strategy_id" VARCHAR(64) NOT NULL,
    "approved" BOOLEAN NOT NULL,
    "rule" TEXT,
    "reason" TEXT,
    "decided_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "risk_decisions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "orders" (
    "id" SERIAL NOT NULL,
    "client_order_id" VARCHAR(64) NOT NULL,
    "broker_order_id" VARCHAR(64),
    "intent_id" VARCHAR(64),
    "strategy_id" VARCHAR(64) NOT NULL,
    "session_id" VARCHAR(64),
    "mode" "TradingMode" NOT NULL,
    "broker" VARCHAR(16) NOT NULL,
    "instrument" VARCHAR(64) NOT NULL,
    "exchange" VARCHAR(16) NOT NULL,
    "side" "OrderSide" NOT NULL,
    "order_type" VARCHAR(8) NOT NULL,
    "product" VARCHAR(8) NOT NULL,
    "validity" VARCHAR(8) NOT NULL,
    "role" VARCHAR(8) NOT NULL DEFAULT 'MAIN',
    "quantity" DECIMAL(24,8) NOT NULL,
    "price" DECIMAL(24,8),
    "trigger_price" DECIMAL(24,8),
    "state" "OrderState" NOT NULL,
    "filled_quantity" DECIMAL(24,8) NOT NULL DEFAULT 0,
    "average_price" DECIMAL(24,8),
    "reason" TEXT,
    "created_at" TIMESTAMPTZ(3) NOT NULL,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "orders_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "order_events" (
    "id" BIGSERIAL NOT NULL,
    "order_id" INTEGER NOT NULL,
    "client_order_id" VARCHAR(64) NOT NULL,
    "message_id" VARCHAR(32),
    "state" "OrderState" NOT NULL,
    "previous_state" "OrderState",
    "filled_quantity" DECIMAL(24,8) NOT NULL,
    "average_price" DECIMAL(24,8),
    "broker_order_id" VARCHAR(64),
    "reason" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "order_events_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "fills" (
    "id" SERIAL NOT NULL,
    "fill_id" VARCHAR(64) NOT NULL,
    "order_id" INTEGER NOT NULL,
    "client_order_id" VARCHAR(64) NOT NULL,
    "message_id" VARCHAR(32),
    "strategy_id" VARCHAR(64) NOT NULL,
    "instrument" VARCHAR(64) NOT NULL,
    "exchange" VARCHAR(16) NOT NULL,
    "side" "OrderSide" NOT NULL,
    "quantity" DECIMAL(24,8) NOT NULL,
    "price" DECIMAL(24,8) NOT NULL,
    "charges" DECIMAL(24,8) NOT NULL,
    "filled_at" TIMESTAMPTZ(3) NOT NULL,
    "recorded_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "fills_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "positions" (
    "id" SERIAL NOT NULL,
    "mode" "TradingMode" NOT NULL,
    "strategy_id" VARCHAR(64) NOT NULL,
    "exchange" VARCHAR(16) NOT NULL,
    "instrument" VARCHAR(64) NOT NULL,
    "net_quantity" DECIMAL(24,8) NOT NULL,
    "open_cost" DECIMAL(36,12) NOT NULL,
    "realized_pnl" DECIMAL(36,12) NOT NULL,
    "last_fill_id" VARCHAR(64),
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "positions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "daily_pnl" (
    "id" SERIAL NOT NULL,
    "trade_date" DATE NOT NULL,
    "mode" "TradingMode" NOT NULL,
    "scope" VARCHAR(64) NOT NULL,
    "realized_pnl" DECIMAL(36,12) NOT NULL DEFAULT 0,
    "unrealized_pnl" DECIMAL(36,12) NOT NULL DEFAULT 0,
    "charges" DECIMAL(24,8) NOT NULL DEFAULT 0,
    "trade_count" INTEGER NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "daily_pnl_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "risk_counters" (
    "id" SERIAL NOT NULL,
    "trade_date" DATE NOT NULL,
    "mode" "TradingMode" NOT NULL,
    "scope" VARCHAR(64) NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "value" DECIMAL(36,12) NOT NULL DEFAULT 0,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "risk_counters_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "broker_sessions" (
    "id" SERIAL NOT NULL,
    "broker" VARCHAR(16) NOT NULL,
    "account_id" VARCHAR(64) NOT NULL,
    "access_token_encrypted" TEXT NOT NULL,
    "refresh_token_encrypted" TEXT,
    "issued_at" TIMESTAMPTZ(3) NOT NULL,
    "expires_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "broker_sessions_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "alerts" (
    "id" SERIAL NOT NULL,
    "message_id" VARCHAR(32),
    "severity" "AlertSeverity" NOT NULL,
    "code" VARCHAR(64) NOT NULL,
    "message" TEXT NOT NULL,
    "details" JSONB NOT NULL DEFAULT '{}',
    "raised_at" TIMESTAMPTZ(3) NOT NULL,
    "acknowledged_at" TIMESTAMPTZ(3),
    "acknowledged_by" VARCHAR(64),

    CONSTRAINT "alerts_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "audit_log" (
    "id" BIGSERIAL NOT NULL,
    "actor" VARCHAR(64) NOT NULL,
    "action" VARCHAR(64) NOT NULL,
    "target" TEXT,
    "details" JSONB NOT NULL DEFAULT '{}',
    "ip_address" VARCHAR(64),
    "user_agent" TEXT,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "audit_log_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "instruments_underlying_expiry_idx" ON "instruments"("underlying", "expiry");

-- CreateIndex
CREATE UNIQUE INDEX "instruments_exchange_symbol_key" ON "instruments"("exchange", "symbol");

-- CreateIndex
CREATE UNIQUE INDEX "instrument_specs_instrument_id_effective_from_key" ON "instrument_specs"("instrument_id", "effective_from");

-- CreateIndex
CREATE INDEX "bars_open_time_idx" ON "bars"("open_time");

-- CreateIndex
CREATE UNIQUE INDEX "strategy_parameter_sets_strategy_id_version_key" ON "strategy_parameter_sets"("strategy_id", "version");

-- CreateIndex
CREATE UNIQUE INDEX "strategy_parameter_sets_strategy_id_hash_key" ON "strategy_parameter_sets"("strategy_id", "hash");

-- CreateIndex
CREATE INDEX "trading_sessions_mode_started_at_idx" ON "trading_sessions"("mode", "started_at");

-- CreateIndex
CREATE UNIQUE INDEX "signals_message_id_key" ON "signals"("message_id");

-- CreateIndex
CREATE INDEX "signals_strategy_id_bar_time_idx" ON "signals"("strategy_id", "bar_time");

-- CreateIndex
CREATE UNIQUE INDEX "risk_decisions_intent_id_key" ON "risk_decisions"("intent_id");

-- CreateIndex
CREATE UNIQUE INDEX "risk_decisions_message_id_key" ON "risk_decisions"("message_id");

-- CreateIndex
CREATE UNIQUE INDEX "orders_client_order_id_key" ON "orders"("client_order_id");

-- CreateIndex
CREATE INDEX "orders_state_idx" ON "orders"("state");

-- CreateIndex
CREATE INDEX "orders_strategy_id_created_at_idx" ON "orders"("strategy_id", "created_at");

-- CreateIndex
CREATE UNIQUE INDEX "orders_broker_broker_order_id_key" ON "orders"("broker", "broker_order_id");

-- CreateIndex
CREATE UNIQUE INDEX "order_events_message_id_key" ON "order_events"("message_id");

-- CreateIndex
CREATE INDEX "order_events_at_idx" ON "order_events"("at");

-- CreateIndex
CREATE UNIQUE INDEX "order_events_order_id_state_filled_quantity_key" ON "order_events"("order_id", "state", "filled_quantity");

-- CreateIndex
CREATE UNIQUE INDEX "fills_fill_id_key" ON "fills"("fill_id");

-- CreateIndex
CREATE INDEX "fills_strategy_id_filled_at_idx" ON "fills"("strategy_id", "filled_at");

-- CreateIndex
CREATE UNIQUE INDEX "positions_mode_strategy_id_exchange_instrument_key" ON "positions"("mode", "strategy_id", "exchange", "instrument");

-- CreateIndex
CREATE UNIQUE INDEX "daily_pnl_trade_date_mode_scope_key" ON "daily_pnl"("trade_date", "mode", "scope");

-- CreateIndex
CREATE UNIQUE INDEX "risk_counters_trade_date_mode_scope_name_key" ON "risk_counters"("trade_date", "mode", "scope", "name");

-- CreateIndex
CREATE INDEX "broker_sessions_broker_account_id_issued_at_idx" ON "broker_sessions"("broker", "account_id", "issued_at");

-- CreateIndex
CREATE UNIQUE INDEX "alerts_message_id_key" ON "alerts"("message_id");

-- CreateIndex
CREATE INDEX "alerts_raised_at_idx" ON "alerts"("raised_at");

-- CreateIndex
CREATE INDEX "audit_log_at_idx" ON "audit_log"("at");

-- AddForeignKey
ALTER TABLE "instrument_specs" ADD CONSTRAINT "instrument_specs_instrument_id_fkey" FOREIGN KEY ("instrument_id") REFERENCES "instruments"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "bars" ADD CONSTRAINT "bars_instrument_id_fkey" FOREIGN KEY ("instrument_id") REFERENCES "instruments"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "strategy_parameter_sets" ADD CONSTRAINT "strategy_parameter_sets_strategy_id_fkey" FOREIGN KEY ("strategy_id") REFERENCES "strategies"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trading_sessions" ADD CONSTRAINT "trading_sessions_strategy_id_fkey" FOREIGN KEY ("strategy_id") REFERENCES "strategies"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "trading_sessions" ADD CONSTRAINT "trading_sessions_parameter_set_id_fkey" FOREIGN KEY ("parameter_set_id") REFERENCES "strategy_parameter_sets"("id") ON DELETE SET NULL ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "order_events" ADD CONSTRAINT "order_events_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "fills" ADD CONSTRAINT "fills_order_id_fkey" FOREIGN KEY ("order_id") REFERENCES "orders"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
