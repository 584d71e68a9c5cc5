-- Crypto-shredding: one data key per data subject (e.g. a customer id). Personal fields of events are encrypted with
-- it at append; deleting the row erases them everywhere they are read, while the events stay as written.
CREATE TABLE subject_keys (
    key_id text PRIMARY KEY,
    subject text NOT NULL UNIQUE,
    key bytea NOT NULL,
    created_at timestamptz NOT NULL
);

-- Every erasure, for the record an auditor asks for: who was forgotten, when, why, and how many keys went.
CREATE TABLE erasures (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    subject text NOT NULL,
    keys_deleted integer NOT NULL,
    reason text NULL,
    erased_at timestamptz NOT NULL
);
