import BounceService
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import NIOPosix

/// Serves `GET /metrics` over HTTP/1.1 on one event-loop thread (`--metrics-listen HOST:PORT`).
/// NIO parses the requests; the handler only routes. A scrape reads the store (a few ms), so it
/// runs on the loop: one scraper at a time is what Prometheus does.
public final class MetricsServer: Sendable {
    static let log = Logger(label: "bouncewatch.metrics")
    let group: MultiThreadedEventLoopGroup
    let channel: any Channel

    /// The bound port (useful with port 0).
    public var port: Int { channel.localAddress?.port ?? 0 }

    /// Binds and starts serving; throws a one-line error when the address cannot be bound.
    public init(listen: ListenAddress, exporter: MetricsExporter) throws {
        group = MultiThreadedEventLoopGroup(numberOfThreads: 1)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 16)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelInitializer { channel in
                // Sync operations: the handler is confined to this channel's event loop, not Sendable.
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.configureHTTPServerPipeline()
                    try channel.pipeline.syncOperations.addHandler(MetricsHandler(exporter: exporter))
                }
            }
        do {
            channel = try bootstrap.bind(host: listen.host, port: listen.port).wait()
        } catch {
            try? group.syncShutdownGracefully()
            throw MetricsError("cannot listen on \(listen) for /metrics: \(error)")
        }
        Self.log.info("serving /metrics on \(listen.host):\(port)")
    }

    public func stop() {
        try? channel.close().wait()
        try? group.syncShutdownGracefully()
    }
}

/// A `--metrics-listen` problem, as one line.
public struct MetricsError: Error, CustomStringConvertible {
    public var description: String
    public init(_ d: String) { description = d }
}

/// Routes one request: `GET /metrics` (or `HEAD`) → 200 exposition text, other paths 404, other
/// methods 405. Keep-alive follows the request.
final class MetricsHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart
    let exporter: MetricsExporter
    private var head: HTTPRequestHead?

    init(exporter: MetricsExporter) { self.exporter = exporter }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case let .head(h): head = h
        case .body: break
        case .end:
            guard let h = head else { return }
            head = nil
            respond(to: h, context: context)
        }
    }

    private func respond(to h: HTTPRequestHead, context: ChannelHandlerContext) {
        let path = h.uri.split(separator: "?", maxSplits: 1).first.map(String.init) ?? h.uri
        var status = HTTPResponseStatus.ok
        var body: [UInt8]
        var type = "text/plain; version=0.0.4; charset=utf-8"
        if h.method != .GET && h.method != .HEAD {
            status = .methodNotAllowed; body = Array("GET /metrics only\n".utf8); type = "text/plain; charset=utf-8"
        } else if path != "/metrics" {
            status = .notFound; body = Array("not found: try /metrics\n".utf8); type = "text/plain; charset=utf-8"
        } else {
            do {
                body = try exporter.render()
            } catch {
                MetricsServer.log.error("metrics scrape failed: \(error)")
                status = .internalServerError; body = Array("scrape failed: database unreadable\n".utf8)
                type = "text/plain; charset=utf-8"
            }
        }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: type)
        headers.add(name: "Content-Length", value: String(body.count))
        let keepAlive = h.isKeepAlive
        if !keepAlive { headers.add(name: "Connection", value: "close") }
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: h.version, status: status, headers: headers))), promise: nil)
        if h.method != .HEAD {
            var buffer = context.channel.allocator.buffer(capacity: body.count)
            buffer.writeBytes(body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        let done = context.writeAndFlush(wrapOutboundOut(.end(nil)))
        if !keepAlive { done.assumeIsolated().whenComplete { _ in context.close(promise: nil) } }
    }
}
