-- Onceflow outbox table. Column names follow the Debezium Outbox Event Router's defaults
-- (id, aggregatetype, aggregateid, type, payload) so the relay routes by aggregate type and keys by
-- aggregate id without renaming anything; the other columns travel as Kafka headers.
-- Library migrations are versioned 0.x so they sort before a service's own V1, V2, ...
CREATE TABLE outbox_event (
    id                 uuid         PRIMARY KEY,
    aggregatetype      varchar(255) NOT NULL,
    aggregateid        varchar(255) NOT NULL,
    type               varchar(255) NOT NULL,
    payload            jsonb        NOT NULL,
    schema_version     integer      NOT NULL DEFAULT 1,
    aggregate_sequence bigint       NOT NULL,
    traceparent        varchar(55),
    created_at         timestamptz  NOT NULL
);

-- Retention pruning and the polling baseline both scan by age.
CREATE INDEX outbox_event_created_at_idx ON outbox_event (created_at);

-- Only inserts are events: deleting a row (in the same transaction, or when pruning) must publish nothing.
CREATE PUBLICATION onceflow_outbox FOR TABLE outbox_event WITH (publish = 'insert');
