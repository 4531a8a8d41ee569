import BounceCore
import BounceService
import Testing

/// `[alerts]` and `[metrics]`: typos and bad values are errors that name the key.
@Suite struct OperationsConfigTests {
    @Test func alertsAndMetricsAreRead() throws {
        let c = try ConfigLoader.parse("""
            [alerts]
            command = ["/usr/local/bin/page", "--team", "mail"]
            timeout_seconds = 3
            [metrics]
            listen = "[::1]:9464"
            """)
        #expect(c.alerts.command == ["/usr/local/bin/page", "--team", "mail"])
        #expect(c.alerts.timeoutSeconds == 3)
        #expect(c.metrics.listen == "[::1]:9464")
        #expect(ListenAddress(c.metrics.listen ?? "") == ListenAddress("[::1]:9464"))
        #expect(ListenAddress("[::1]:9464")?.host == "::1")
        #expect(ListenAddress("127.0.0.1:9464")?.port == 9464)
    }

    @Test(arguments: [
        ("[alerts]\ncommand = \"curl -d @- https://hooks.example\"", "alerts.command: expected an array of strings"),
        ("[alerts]\ncommand = []", "alerts.command: give the program"),
        ("[alerts]\ntimeout_seconds = 0", "alerts.timeout_seconds: must be at least 1"),
        ("[alerts]\ncomand = [\"x\"]", "unknown key alerts.comand"),
        ("[metrics]\nlisten = \"9464\"", "metrics.listen: expected HOST:PORT"),
        ("[metrics]\nlisten = \"localhost:99999\"", "metrics.listen: expected HOST:PORT"),
    ])
    func badValuesNameTheKey(toml: String, message: String) {
        #expect {
            _ = try ConfigLoader.parse(toml)
        } throws: { ($0 as? ConfigError)?.description.contains(message) == true }
    }
}
