-- Crypto-shredding: one data key per data subject (e.g. a customer id). Personal fields of events are encrypted with
-- it at append; deleting the row erases them everywhere they are read, while the events stay as written.
CREATE TABLE subject_keys (
    key_id TEXT PRIMARY KEY,
    subject TEXT NOT NULL UNIQUE,
    key BLOB NOT NULL,
    created_at TEXT NOT NULL
);

-- Every erasure, for the record an auditor asks for: who was forgotten, when, why, and how many keys went.
CREATE TABLE erasures (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    subject TEXT NOT NULL,
    keys_deleted INTEGER NOT NULL,
    reason TEXT NULL,
    erased_at TEXT NOT NULL
);
