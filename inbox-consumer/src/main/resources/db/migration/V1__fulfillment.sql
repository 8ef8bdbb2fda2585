-- The fulfillment service's own tables. The inbox table (inbox_event) comes from platform-core's
-- migration V0_2_1, which sorts before this one.

-- One shipment per placed order; cancelled when the order is cancelled. last_sequence is the
-- aggregate sequence of the order's last applied event: the next event must carry last_sequence + 1.
CREATE TABLE shipment (
    order_id      varchar(255)   PRIMARY KEY,
    customer_id   varchar(255)   NOT NULL,
    status        varchar(16)    NOT NULL,
    currency      char(3)        NOT NULL,
    total         numeric(19, 4) NOT NULL,
    line_count    integer        NOT NULL,
    last_sequence bigint         NOT NULL,
    placed_at     timestamptz    NOT NULL,
    created_at    timestamptz    NOT NULL,
    cancelled_at  timestamptz,
    cancel_reason varchar(1000)
);

-- Per-customer counters, updated by plain increments: a duplicate effect would show here.
CREATE TABLE customer_stats (
    customer_id      varchar(255)   PRIMARY KEY,
    orders_placed    bigint         NOT NULL,
    orders_cancelled bigint         NOT NULL,
    total_amount     numeric(21, 4) NOT NULL,
    updated_at       timestamptz    NOT NULL
);

-- Events that arrived ahead of their predecessor, held until it is applied. The record is stored as
-- it arrived (key, value bytes, headers) and decoded again when applied.
CREATE TABLE parked_event (
    consumer         varchar(100)  NOT NULL,
    event_id         uuid          NOT NULL,
    order_id         varchar(255)  NOT NULL,
    sequence         bigint        NOT NULL,
    record_key       varchar(255),
    payload          bytea         NOT NULL,
    headers          jsonb         NOT NULL,
    source_topic     varchar(255)  NOT NULL,
    source_partition integer       NOT NULL,
    source_offset    bigint        NOT NULL,
    parked_at        timestamptz   NOT NULL,
    PRIMARY KEY (consumer, event_id)
);
CREATE INDEX parked_event_order_idx ON parked_event (consumer, order_id, sequence);

-- Projection of this consumer's records on the dead-letter topic, for GET /dead-letters and replay.
-- The topic may carry a dead letter twice (its publication is at-least-once); the source
-- coordinates keep one row per rejected record.
CREATE TABLE dead_letter (
    id               bigserial     PRIMARY KEY,
    consumer         varchar(100)  NOT NULL,
    source_topic     varchar(255)  NOT NULL,
    source_partition integer       NOT NULL,
    source_offset    bigint        NOT NULL,
    event_id         varchar(255),
    event_type       varchar(255),
    reason           varchar(100)  NOT NULL,
    detail           text,
    exception        varchar(500),
    record_key       varchar(255),
    payload          bytea,
    headers          jsonb         NOT NULL,
    dead_lettered_at timestamptz   NOT NULL,
    replayed_at      timestamptz,
    replay_outcome   varchar(32),
    UNIQUE (consumer, source_topic, source_partition, source_offset)
);
CREATE INDEX dead_letter_consumer_id_idx ON dead_letter (consumer, id);
