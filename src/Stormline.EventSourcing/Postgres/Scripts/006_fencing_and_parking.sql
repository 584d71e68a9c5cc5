-- Leases carry an epoch (the fencing token) that grows with every takeover; writes under a lease check it.
ALTER TABLE outbox_lease ADD COLUMN epoch bigint NOT NULL DEFAULT 1;
-- A row that can never be published is parked: no longer pending, kept with the reason for an operator.
ALTER TABLE outbox ADD COLUMN parked_at timestamptz NULL;
ALTER TABLE outbox ADD COLUMN park_reason text NULL;
