-- GET /audit/written lists the events written in a time window: OrderPlaced by created_at (indexed above),
-- OrderCancelled by cancelled_at. Partial, so placing an order (cancelled_at NULL) writes no index entry.
CREATE INDEX orders_cancelled_idx ON orders (cancelled_at) WHERE cancelled_at IS NOT NULL;
