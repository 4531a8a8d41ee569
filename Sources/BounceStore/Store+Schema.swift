import BounceCore
import GRDB

extension Store {
    /// Schema history. Never edit a shipped migration: add a new one.
    static var migrator: DatabaseMigrator {
        var m = DatabaseMigrator()
        m.registerMigration("v1") { db in
            // Per-minute counters (docs/ARCHITECTURE.md, "Rates and incidents"). `reason` is '' for deliveries.
            try db.execute(sql: """
                CREATE TABLE minute_counts (
                    minute INTEGER NOT NULL, domain TEXT NOT NULL, provider TEXT NOT NULL,
                    outcome TEXT NOT NULL, reason TEXT NOT NULL, count INTEGER NOT NULL,
                    PRIMARY KEY (minute, domain, provider, outcome, reason)) WITHOUT ROWID;
                CREATE INDEX minute_counts_provider ON minute_counts (provider, minute);

                -- Last successful delivery per address, keyed by a 64-bit hash (compact: every
                -- delivered address needs one, for the known-good rule).
                CREATE TABLE deliveries (hash INTEGER PRIMARY KEY, last_at INTEGER NOT NULL);

                -- Addresses with an address-scope failure: the retry queue.
                CREATE TABLE addresses (
                    address TEXT PRIMARY KEY, domain TEXT NOT NULL, provider TEXT NOT NULL,
                    state TEXT NOT NULL, reason TEXT NOT NULL, status TEXT, reply_code INTEGER,
                    last_reply TEXT NOT NULL, first_bounce_at INTEGER NOT NULL, last_bounce_at INTEGER NOT NULL,
                    bounces INTEGER NOT NULL, last_delivered_at INTEGER, incident_id INTEGER,
                    evidence TEXT NOT NULL, state_since INTEGER NOT NULL,
                    updated_by TEXT NOT NULL, updated_at INTEGER NOT NULL) WITHOUT ROWID;
                CREATE INDEX addresses_state ON addresses (state, last_bounce_at);
                CREATE INDEX addresses_incident ON addresses (incident_id, state);
                CREATE INDEX addresses_provider ON addresses (provider, state, last_bounce_at);

                CREATE TABLE incidents (
                    id INTEGER PRIMARY KEY, provider TEXT NOT NULL, kind TEXT NOT NULL, reasons TEXT NOT NULL,
                    started_at INTEGER NOT NULL, detected_at INTEGER NOT NULL, closed_at INTEGER,
                    peak_rate REAL NOT NULL, baseline_rate REAL NOT NULL, peak_at INTEGER);

                -- Incident timeline: detector entries, bulk actions, operator notes.
                CREATE TABLE timeline (
                    id INTEGER PRIMARY KEY, at INTEGER NOT NULL, incident_id INTEGER, kind TEXT NOT NULL,
                    by TEXT NOT NULL, text TEXT NOT NULL);
                CREATE INDEX timeline_incident ON timeline (incident_id, at);

                -- Every state change of every address.
                CREATE TABLE audit (
                    id INTEGER PRIMARY KEY, at INTEGER NOT NULL, address TEXT NOT NULL, from_state TEXT,
                    to_state TEXT NOT NULL, by TEXT NOT NULL, evidence TEXT NOT NULL, incident_id INTEGER,
                    note TEXT);
                CREATE INDEX audit_address ON audit (address, id);

                -- Input sources and how far they were read, written in the same transaction as
                -- the effects of the lines they cover (exactly-once across crashes).
                CREATE TABLE sources (
                    id INTEGER PRIMARY KEY, path TEXT NOT NULL, device INTEGER NOT NULL, inode INTEGER NOT NULL,
                    head_length INTEGER NOT NULL, head_hash INTEGER NOT NULL, format TEXT,
                    offset INTEGER NOT NULL, line INTEGER NOT NULL, updated_at INTEGER NOT NULL,
                    UNIQUE (device, inode, head_hash));

                -- A bounded sample of rejected lines (the count is in stats).
                CREATE TABLE rejects (
                    id INTEGER PRIMARY KEY, source TEXT NOT NULL, line INTEGER NOT NULL, reason TEXT NOT NULL,
                    sample TEXT NOT NULL);

                CREATE TABLE stats (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
                CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
                """)
        }
        m.registerMigration("v2") { db in
            // Hold expiry runs after every ingest batch: find held items by hold start quickly.
            try db.execute(sql: "CREATE INDEX addresses_held_since ON addresses (state, state_since)")
        }
        m.registerMigration("v3-retention") { db in
            // Hourly counters, kept beside the minute ones (StoreTransaction+HourCounts): reports
            // over days read hours, and minutes past the minute retention can simply be deleted.
            try db.execute(sql: """
                CREATE TABLE hour_counts (
                    hour INTEGER NOT NULL, domain TEXT NOT NULL, provider TEXT NOT NULL,
                    outcome TEXT NOT NULL, reason TEXT NOT NULL, count INTEGER NOT NULL,
                    PRIMARY KEY (hour, domain, provider, outcome, reason)) WITHOUT ROWID;
                INSERT INTO hour_counts (hour, domain, provider, outcome, reason, count)
                SELECT CASE WHEN minute >= 0 THEN minute / 60 ELSE (minute - 59) / 60 END,
                       domain, provider, outcome, reason, sum(count) FROM minute_counts
                GROUP BY 1, domain, provider, outcome, reason;
                -- No query filters counters by provider first (all read minute ranges): the index
                -- only cost a second b-tree as big as the table, written on every counter upsert.
                DROP INDEX minute_counts_provider;
                """)
        }
        m.registerMigration("v4-delivery-runs") { db in
            // Known-good evidence as an append-only journal (see DeliveryJournal): one blob of
            // sorted (hash, time) pairs per ingest batch, merged into `deliveries` now and then.
            // AUTOINCREMENT: ids must never be reused after a compaction empties the table, or
            // another process's index (which syncs by id) would take new runs for ones it holds.
            try db.execute(sql: "CREATE TABLE delivery_runs (id INTEGER PRIMARY KEY AUTOINCREMENT, entries BLOB NOT NULL)")
        }
        m.registerMigration("v5-console-indexes") { db in
            // The console's all-states queue view pages by last bounce over every row (a full sort
            // per frame without this: ~55 ms at 100,000 rows), and its timeline pane reads the
            // newest entries (a full scan per frame at 10,000 entries). Found by bench-console.sh.
            try db.execute(sql: "CREATE INDEX addresses_last_bounce ON addresses (last_bounce_at, address)")
            try db.execute(sql: "CREATE INDEX timeline_at ON timeline (at, id)")
        }
        m.registerMigration("v6-address-hash") { db in
            // Held items that deliver again leave the queue as recovered (BatchApplier): a batch's
            // deliveries are known by address hash only, so the queue carries the hash too, indexed
            // for the held rows that are looked up.
            try db.execute(sql: "ALTER TABLE addresses ADD COLUMN hash INTEGER")
            let update = try db.makeStatement(sql: "UPDATE addresses SET hash = ? WHERE address = ?")
            for address in try String.fetchAll(db, sql: "SELECT address FROM addresses") {
                try update.execute(arguments: [AddressHash.of(address), address])
            }
            try db.execute(sql: "CREATE INDEX addresses_held_hash ON addresses (hash) WHERE state = 'held'")
        }
        return m
    }
}
