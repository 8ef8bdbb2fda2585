-- Fulfillment ships only confirmed orders (issue 13): OrderPlaced opens a PENDING shipment, the payment's
-- decision makes it SHIPPED (OrderConfirmed) or REJECTED (OrderRejected), OrderCancelled makes it CANCELLED.

-- When the shipment left (OrderConfirmed applied); kept if the order is cancelled afterwards.
ALTER TABLE shipment ADD COLUMN shipped_at timestamptz;
-- Why an order was never shipped: its payment was declined (OrderRejected).
ALTER TABLE shipment ADD COLUMN rejected_at timestamptz;
ALTER TABLE shipment ADD COLUMN reject_reason varchar(1000);

-- Existing CREATED rows become PENDING. CREATED meant "placed and not cancelled": it was written on
-- OrderPlaced alone, before any payment was decided, so nothing here says these orders were paid. Calling
-- them SHIPPED would claim a shipment for orders that may yet be rejected; PENDING says what we know (placed,
-- waiting for the payment's decision). Their OrderConfirmed or OrderRejected (sequence 2) moves them on as for
-- any new order; an order placed before the saga that never gets a decision stays PENDING, visibly.
UPDATE shipment SET status = 'PENDING' WHERE status = 'CREATED';

ALTER TABLE shipment
    ADD CONSTRAINT shipment_status_check
        CHECK (status IN ('PENDING', 'SHIPPED', 'REJECTED', 'CANCELLED')),
    -- A shipped shipment says when; a rejected order was never shipped.
    ADD CONSTRAINT shipment_shipped_check
        CHECK ((status <> 'SHIPPED' OR shipped_at IS NOT NULL)
           AND (status <> 'REJECTED' OR shipped_at IS NULL));
