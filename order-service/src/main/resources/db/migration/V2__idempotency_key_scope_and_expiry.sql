-- Idempotency keys belong to the customer an order is placed for: two customers may use the same key and
-- get two orders, and no customer can learn of, or block, another's order by guessing its key. They also
-- expire (onceflow.orders.idempotency-key-ttl): the claim takes over an expired row, and a scheduled purge
-- deletes expired rows by created_at.
ALTER TABLE order_idempotency_key ADD COLUMN customer_id varchar(64);
UPDATE order_idempotency_key k SET customer_id = o.customer_id FROM orders o WHERE o.id = k.order_id;
ALTER TABLE order_idempotency_key ALTER COLUMN customer_id SET NOT NULL;
ALTER TABLE order_idempotency_key DROP CONSTRAINT order_idempotency_key_pkey;
ALTER TABLE order_idempotency_key ADD PRIMARY KEY (customer_id, idempotency_key);
CREATE INDEX order_idempotency_key_created_idx ON order_idempotency_key (created_at);
