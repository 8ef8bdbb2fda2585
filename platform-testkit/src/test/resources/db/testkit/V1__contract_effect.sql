-- The contract's test application: one row per applied event (a duplicate effect is a second row).
CREATE TABLE contract_effect (
    id           bigserial    PRIMARY KEY,
    aggregate_id varchar(255) NOT NULL,
    sequence     bigint       NOT NULL
);
CREATE INDEX contract_effect_aggregate_idx ON contract_effect (aggregate_id);
