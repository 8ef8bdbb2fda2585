-- Onceflow inbox: one row per (consumer, event id) a consumer has recorded. The primary key is the
-- deduplication: a consumer inserts the id first, inside the transaction that applies the event's
-- effect, and ON CONFLICT DO NOTHING tells it the event was already seen. Several consumers share
-- the table without seeing each other's entries because the consumer name leads the key.
-- Library migrations are versioned 0.x so they sort before a service's own V1, V2, ...
CREATE TABLE inbox_event (
    consumer     varchar(100) NOT NULL,
    event_id     uuid         NOT NULL,
    -- when the consumer first recorded the event
    received_at  timestamptz  NOT NULL,
    -- when its effect committed; NULL while the consumer holds the event back (e.g. parked until
    -- the aggregate's previous event arrives)
    processed_at timestamptz,
    PRIMARY KEY (consumer, event_id)
);

-- Pruning the dedupe window deletes a consumer's oldest entries in small batches: this index makes
-- each batch an index range scan instead of a sequential scan of the table.
CREATE INDEX inbox_event_consumer_received_at_idx ON inbox_event (consumer, received_at);
