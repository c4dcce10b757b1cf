-- CreateEnum
CREATE TYPE "TradingStateValue" AS ENUM ('ACTIVE', 'REDUCING', 'HALTED');

-- CreateTable
CREATE TABLE "trading_state_changes" (
    "id" BIGSERIAL NOT NULL,
    "scope" VARCHAR(64) NOT NULL DEFAULT 'ACCOUNT',
    "state" "TradingStateValue" NOT NULL,
    "actor" VARCHAR(64) NOT NULL,
    "reason" TEXT NOT NULL,
    "at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "trading_state_changes_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "strategy_instances" (
    "id" VARCHAR(64) NOT NULL,
    "strategy_id" VARCHAR(64) NOT NULL,
    "underlying" VARCHAR(32) NOT NULL,
    "timeframe" VARCHAR(8) NOT NULL,
    "params" JSONB NOT NULL DEFAULT '{}',
    "risk" JSONB NOT NULL DEFAULT '{}',
    "mode" "TradingMode" NOT NULL,
    "enabled" BOOLEAN NOT NULL DEFAULT true,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updated_at" TIMESTAMPTZ(3) NOT NULL,

    CONSTRAINT "strategy_instances_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "api_keys" (
    "id" VARCHAR(32) NOT NULL,
    "name" VARCHAR(64) NOT NULL,
    "key_hash" VARCHAR(128) NOT NULL,
    "prefix" VARCHAR(16) NOT NULL,
    "created_by" VARCHAR(64) NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_used_at" TIMESTAMPTZ(3),
    "revoked_at" TIMESTAMPTZ(3),

    CONSTRAINT "api_keys_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "trading_state_changes_scope_id_idx" ON "trading_state_changes"("scope", "id");

-- CreateIndex
CREATE INDEX "strategy_instances_enabled_idx" ON "strategy_instances"("enabled");

-- CreateIndex
CREATE UNIQUE INDEX "api_keys_key_hash_key" ON "api_keys"("key_hash");

-- The trading state's history is evidence of who stopped or re-armed trading: append-only, as audit_log.
CREATE TRIGGER "trading_state_changes_append_only" BEFORE UPDATE OR DELETE ON "trading_state_changes"
  FOR EACH ROW EXECUTE FUNCTION "dalal_refuse_mutation"();
CREATE TRIGGER "trading_state_changes_no_truncate" BEFORE TRUNCATE ON "trading_state_changes"
  FOR EACH STATEMENT EXECUTE FUNCTION "dalal_refuse_mutation"();
