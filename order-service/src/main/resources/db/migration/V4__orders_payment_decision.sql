-- An order's payment decides it (payment events consumed through the inbox): PLACED becomes CONFIRMED
-- (payment authorised) or REJECTED (payment declined, with the payment's reason), once, at decided_at;
-- that decision is the order's event at sequence 2 (OrderConfirmed or OrderRejected). A CANCELLED order
-- is never decided: the payment outcome arriving after the cancellation changes nothing.
ALTER TABLE orders DROP CONSTRAINT orders_status_check;
ALTER TABLE orders ADD CONSTRAINT orders_status_check
    CHECK (status IN ('PLACED', 'CONFIRMED', 'REJECTED', 'CANCELLED'));
ALTER TABLE orders ADD COLUMN decided_at timestamptz;
ALTER TABLE orders ADD COLUMN rejection_reason text;

-- GET /audit/written lists the decision events by decided_at. Partial, like orders_cancelled_idx: an order
-- is placed undecided, so placing writes no index entry.
CREATE INDEX orders_decided_idx ON orders (decided_at) WHERE decided_at IS NOT NULL;
