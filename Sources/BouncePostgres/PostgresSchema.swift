import Foundation

/// The PostgreSQL schema and its history (docs/STORAGE.md).
/// Same tables and meanings as the SQLite file (Sources/BounceStore/Store+Schema.swift), in
/// PostgreSQL types: times and counts are `bigint` epoch seconds/minutes, engine state `bytea`.
/// Known-good evidence is a plain `deliveries` table kept current by upsert: the server's own
/// buffer cache does what the SQLite journal does for one process.
///
/// Never edit a shipped migration: append one. Each runs in its own transaction under an
/// advisory lock, so ingesters starting together migrate once.
enum PostgresSchema {
    static let migrations: [(id: String, sql: String)] = [
        ("v1", """
            CREATE TABLE minute_counts (
                minute bigint NOT NULL, domain text NOT NULL, provider text NOT NULL,
                outcome text NOT NULL, reason text NOT NULL, count bigint NOT NULL,
                PRIMARY KEY (minute, domain, provider, outcome, reason));
            CREATE TABLE hour_counts (
                hour bigint NOT NULL, domain text NOT NULL, provider text NOT NULL,
                outcome text NOT NULL, reason text NOT NULL, count bigint NOT NULL,
                PRIMARY KEY (hour, domain, provider, outcome, reason));
            CREATE TABLE deliveries (hash bigint PRIMARY KEY, last_at bigint NOT NULL);
            CREATE TABLE addresses (
                address text PRIMARY KEY, domain text NOT NULL, provider text NOT NULL,
                state text NOT NULL, reason text NOT NULL, status text, reply_code bigint,
                last_reply text NOT NULL, first_bounce_at bigint NOT NULL, last_bounce_at bigint NOT NULL,
                bounces bigint NOT NULL, last_delivered_at bigint, incident_id bigint,
                evidence text NOT NULL, state_since bigint NOT NULL,
                updated_by text NOT NULL, updated_at bigint NOT NULL, hash bigint NOT NULL);
            CREATE INDEX addresses_state ON addresses (state, last_bounce_at);
            CREATE INDEX addresses_incident ON addresses (incident_id, state);
            CREATE INDEX addresses_provider ON addresses (provider, state, last_bounce_at);
            CREATE INDEX addresses_held_since ON addresses (state, state_since);
            CREATE INDEX addresses_last_bounce ON addresses (last_bounce_at, address);
            CREATE INDEX addresses_held_hash ON addresses (hash) WHERE state = 'held';
            CREATE TABLE incidents (
                id bigint PRIMARY KEY, provider text NOT NULL, kind text NOT NULL, reasons text NOT NULL,
                started_at bigint NOT NULL, detected_at bigint NOT NULL, closed_at bigint,
                peak_rate double precision NOT NULL, baseline_rate double precision NOT NULL, peak_at bigint);
            CREATE TABLE timeline (
                id bigserial PRIMARY KEY, at bigint NOT NULL, incident_id bigint, kind text NOT NULL,
                by text NOT NULL, text text NOT NULL);
            CREATE INDEX timeline_incident ON timeline (incident_id, at);
            CREATE INDEX timeline_at ON timeline (at, id);
            CREATE TABLE audit (
                id bigserial PRIMARY KEY, at bigint NOT NULL, address text NOT NULL, from_state text,
                to_state text NOT NULL, by text NOT NULL, evidence text NOT NULL, incident_id bigint, note text);
            CREATE INDEX audit_address ON audit (address, id);
            -- Cursors per ingesting host: device and inode numbers only mean something on their host.
            CREATE TABLE sources (
                id bigserial PRIMARY KEY, host text NOT NULL, path text NOT NULL, device bigint NOT NULL, inode bigint NOT NULL,
                head_length bigint NOT NULL, head_hash bigint NOT NULL, format text,
                "offset" bigint NOT NULL, line bigint NOT NULL, updated_at bigint NOT NULL,
                UNIQUE (host, device, inode, head_hash));
            CREATE TABLE rejects (
                id bigserial PRIMARY KEY, source text NOT NULL, line bigint NOT NULL, reason text NOT NULL,
                sample text NOT NULL);
            CREATE TABLE stats (key text PRIMARY KEY, value bigint NOT NULL);
            CREATE TABLE meta (key text PRIMARY KEY, value bytea NOT NULL);
            -- Each ingester's engine state (parser carry-over, rate board, detector), by host.
            CREATE TABLE engine_state (host text PRIMARY KEY, value bytea NOT NULL);
            """),
        // Consoles on any host poll this one number (PostgresChangeWatcher): every write
        // transaction adds one to it before it commits.
        ("v2-change-seq", """
            CREATE TABLE change_seq (id int PRIMARY KEY CHECK (id = 1), n bigint NOT NULL);
            INSERT INTO change_seq (id, n) VALUES (1, 0);
            """),
    ]

    /// A migration's statements: split at `;` line ends (no migration has one inside a
    /// statement), comments dropped.
    static func statements(_ sql: String) -> [String] {
        sql.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("--") }
            .joined(separator: "\n").components(separatedBy: ";\n")
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
            .map { $0.hasSuffix(";") ? String($0.dropLast()) : $0 }
            .filter { !$0.isEmpty }
    }
}
