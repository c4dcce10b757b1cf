-- CreateTable
CREATE TABLE "risk_outcomes" (
    "intent_id" VARCHAR(64) NOT NULL,
    "strategy_id" VARCHAR(64) NOT NULL,
    "mode" "TradingMode" NOT NULL,
    "trade_id" VARCHAR(64) NOT NULL,
    "action" VARCHAR(8) NOT NULL,
    "approved" BOOLEAN NOT NULL,
    "stream" VARCHAR(64) NOT NULL,
    "message" JSONB NOT NULL,
    "decided_at" TIMESTAMPTZ(3) NOT NULL,
    "published_at" TIMESTAMPTZ(3),
    "closed_at" TIMESTAMPTZ(3),
    "close_reason" VARCHAR(16),

    CONSTRAINT "risk_outcomes_pkey" PRIMARY KEY ("intent_id")
);

-- CreateIndex
CREATE INDEX "risk_outcomes_approved_action_closed_at_idx" ON "risk_outcomes"("approved", "action", "closed_at");

-- CreateIndex
CREATE INDEX "risk_outcomes_trade_id_idx" ON "risk_outcomes"("trade_id");
