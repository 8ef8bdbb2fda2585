-- Step 3 of docs/adopting.md: the tables of the service itself.
-- The service's own tables. The library's (outbox_event from db/onceflow/outbox, the inbox's from
-- db/onceflow/inbox) are versioned 0.x and sort before this V1.

-- The business row: a page and its visits, written with each visit's PageVisited event.
CREATE TABLE page (
    id     varchar(255) PRIMARY KEY,
    visits bigint       NOT NULL
);

-- The effect of consuming those events: one view per PageVisited, added by the inbox handler.
CREATE TABLE page_views (
    page_id varchar(255) PRIMARY KEY,
    views   bigint       NOT NULL
);
