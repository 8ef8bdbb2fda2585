-- Orders, their lines and the Idempotency-Key ledger. The outbox table comes from platform-core (V0_1_1).

-- version numbers the order's events: OrderPlaced carries 1 and every later change carries the version it
-- wrote, so the aggregate_sequence a consumer sees is the row's version at that event.
CREATE TABLE orders (
    id                  uuid          PRIMARY KEY,
    customer_id         varchar(64)   NOT NULL,
    currency            varchar(3)    NOT NULL,
    status              varchar(16)   NOT NULL CHECK (status IN ('PLACED', 'CANCELLED')),
    total               numeric(19,2) NOT NULL CHECK (total > 0),
    created_at          timestamptz   NOT NULL,
    cancelled_at        timestamptz,
    cancellation_reason varchar(500),
    version             bigint        NOT NULL CHECK (version >= 1)
);

-- GET /orders pages newest first, with or without a customer filter; id breaks ties so pages are stable.
CREATE INDEX orders_customer_created_idx ON orders (customer_id, created_at DESC, id DESC);
CREATE INDEX orders_created_idx ON orders (created_at DESC, id DESC);

CREATE TABLE order_line (
    order_id   uuid          NOT NULL REFERENCES orders (id),
    line_no    integer       NOT NULL,
    sku        varchar(64)   NOT NULL,
    quantity   integer       NOT NULL CHECK (quantity >= 1),
    unit_price numeric(11,2) NOT NULL CHECK (unit_price > 0),
    PRIMARY KEY (order_id, line_no)
);

-- The key row is inserted first, with ON CONFLICT DO NOTHING: a concurrent request with the same key then
-- waits on the primary key until the first transaction ends, and sees its outcome instead of racing it.
-- The order it points to is inserted later in the same transaction, hence the deferred foreign key.
CREATE TABLE order_idempotency_key (
    idempotency_key     varchar(255) PRIMARY KEY,
    request_fingerprint varchar(64)  NOT NULL,
    order_id            uuid         NOT NULL REFERENCES orders (id) DEFERRABLE INITIALLY DEFERRED,
    created_at          timestamptz  NOT NULL
);
