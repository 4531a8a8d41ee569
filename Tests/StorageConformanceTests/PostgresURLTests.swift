import BouncePostgres
import Testing

/// `--db postgres://…` as operators write it (libpq's URL forms).
@Suite struct PostgresURLTests {
    @Test func tcpURLWithPasswordPortAndTLS() throws {
        let u = try PostgresURL("postgres://bw:s%40cret@db.internal:6432/mail?sslmode=require")
        #expect(u.user == "bw" && u.password == "s@cret" && u.host == "db.internal" && u.port == 6432)
        #expect(u.database == "mail" && u.tls == .require && u.socketPath == nil)
        #expect(u.redacted == "postgres://bw@db.internal:6432/mail")
        #expect(!u.redacted.contains("cret"), "messages never show the password")
    }

    @Test func unixSocketDirectoryInTheHostParameter() throws {
        let u = try PostgresURL("postgresql://bouncewatch@/bw_test?host=/tmp/pg.x")
        #expect(u.socketPath == "/tmp/pg.x/.s.PGSQL.5432" && u.host == nil && u.tls == .disable)
        #expect(u.database == "bw_test")
        #expect(u.redacted == "postgres://bouncewatch@/bw_test?host=/tmp/pg.x")
    }

    @Test func defaultsFollowLibpq() throws {
        let u = try PostgresURL("postgres://alice@localhost")
        #expect(u.database == "alice" && u.port == 5432 && u.tls == .prefer)
    }

    @Test(arguments: ["postgres://u@h/db?sslmode=sometimes", "postgres://u@h:70000/db", "postgres://u@h/db?schema=Robert';DROP",
                      "mysql://u@h/db"])
    func badURLsAreOneLineErrors(_ text: String) {
        #expect(throws: PostgresURLError.self) { try PostgresURL(text) }
    }

    @Test func schemaNamesAreCheckedIdentifiers() throws {
        #expect(try PostgresURL("postgres://u@h/db?schema=staging_2").schema == "staging_2")
        #expect(PostgresURL.isPostgres("postgres://x") && PostgresURL.isPostgres("postgresql://x"))
        #expect(!PostgresURL.isPostgres("/var/lib/bouncewatch/bw.sqlite"))
    }
}
