-- Onceflow inbox 0.3: per-aggregate order and dead letters, owned by the library (they were each
-- service's own tables before). Library migrations only ever add; a service keeps its own tables.

-- The last applied sequence of each aggregate, per consumer. The inbox transaction locks the rows of
-- the aggregates it touches (inserting a 0 row for a new one first), so two transactions on one
-- aggregate serialize and the next event must carry last_sequence + 1.
CREATE TABLE inbox_aggregate (
    consumer      varchar(100) NOT NULL,
    aggregate_id  varchar(255) NOT NULL,
    last_sequence bigint       NOT NULL,
    PRIMARY KEY (consumer, aggregate_id)
);

-- Events that arrived ahead of their predecessor, held until it is applied. The record is stored as
-- it arrived (key, value bytes, headers) and decoded again when released.
CREATE TABLE inbox_parked_event (
    consumer         varchar(100) NOT NULL,
    event_id         uuid         NOT NULL,
    aggregate_id     varchar(255) NOT NULL,
    sequence         bigint       NOT NULL,
    record_key       varchar(255),
    payload          bytea        NOT NULL,
    headers          jsonb        NOT NULL,
    source_topic     varchar(255) NOT NULL,
    source_partition integer      NOT NULL,
    source_offset    bigint       NOT NULL,
    parked_at        timestamptz  NOT NULL,
    PRIMARY KEY (consumer, event_id)
);
CREATE INDEX inbox_parked_event_aggregate_idx ON inbox_parked_event (consumer, aggregate_id, sequence);

-- Projection of this consumer's records on the dead-letter topic, for GET /dead-letters and replay.
-- The topic may carry a dead letter twice (its publication is at-least-once); the source
-- coordinates keep one row per rejected record.
CREATE TABLE inbox_dead_letter (
    id               bigserial    PRIMARY KEY,
    consumer         varchar(100) NOT NULL,
    source_topic     varchar(255) NOT NULL,
    source_partition integer      NOT NULL,
    source_offset    bigint       NOT NULL,
    event_id         varchar(255),
    event_type       varchar(255),
    reason           varchar(100) NOT NULL,
    detail           text,
    exception        varchar(500),
    record_key       varchar(255),
    payload          bytea,
    headers          jsonb        NOT NULL,
    dead_lettered_at timestamptz  NOT NULL,
    replayed_at      timestamptz,
    replay_outcome   varchar(32),
    UNIQUE (consumer, source_topic, source_partition, source_offset)
);
CREATE INDEX inbox_dead_letter_consumer_id_idx ON inbox_dead_letter (consumer, id);
