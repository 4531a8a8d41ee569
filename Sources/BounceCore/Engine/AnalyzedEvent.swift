/// A delivery event with everything the engine derived from it.
public struct AnalyzedEvent: Sendable, Equatable {
    public var event: DeliveryEvent
    /// Lower-cased address used as the queue key (computed: deliveries only need its hash).
    public var address: String { AsciiCase.lowered(event.recipient) }
    public var provider: String
    /// Apple group (`icloud.com`, `me.com`, `mac.com`, `privaterelay.appleid.com`, `icloud-hosted`)
    /// when the provider is Apple.
    public var appleGroup: String?
    /// Classification of a failure; nil for deliveries.
    public var verdict: Verdict?
    /// Epoch seconds.
    public var time: Int
    public var counterKey: CounterKey

    /// True for a final failure (bounced/expired) whose reason says something about the mailbox:
    /// these get a hold/suppress decision. Deferrals are counted but the MTA still retries them.
    public var needsDecision: Bool {
        (event.outcome == .bounced) && verdict?.scope == .address
    }
}
