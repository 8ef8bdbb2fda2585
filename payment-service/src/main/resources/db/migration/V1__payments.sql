-- payment-service's own table. The inbox (inbox_*) and outbox (outbox_event) tables come from the
-- library's 0.x migrations, which sort before this one.

-- One payment per order, keyed by the order id. AUTHORIZED or DECLINED when the order is placed;
-- an AUTHORIZED payment becomes REFUNDED when its order is cancelled. amount and currency are the
-- order's total.
CREATE TABLE payment (
    order_id       varchar(255)   PRIMARY KEY,
    customer_id    varchar(255)   NOT NULL,
    status         varchar(16)    NOT NULL,
    amount         numeric(19, 4) NOT NULL,
    currency       char(3)        NOT NULL,
    decline_reason varchar(255),
    decided_at     timestamptz    NOT NULL,
    refunded_at    timestamptz
);
