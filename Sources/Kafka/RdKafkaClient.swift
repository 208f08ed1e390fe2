import CRdKafka
import Logging
import Synchronization

/// What librdkafka's C callbacks need to reach from a client handle; passed as the handle's opaque.
final class ClientContext: Sendable {
    /// Where librdkafka's own log lines and error events go.
    let logger: Logger
    /// Set once librdkafka raised a fatal error: the handle will never produce again (an idempotent
    /// producer whose broker lost its state, for one), so its owner must replace it.
    let fatal = Atomic<Bool>(false)
    /// The client's credential values, cut out of everything librdkafka says before it is logged.
    let secrets: [String]

    init(logger: Logger, secrets: [String]) {
        self.logger = logger
        self.secrets = secrets
    }

    func redacted(_ text: String) -> String {
        secrets.isEmpty ? text : KafkaSecretProperty.scrub(text, secrets: secrets)
    }
}

/// Owns one `rd_kafka_t` and keeps the `ClientContext` its callbacks read alive until it is destroyed.
///
/// `@unchecked Sendable`: librdkafka handles are thread-safe; the owners (producer, consumer, admin helpers)
/// guarantee `destroy()` runs exactly once, after every other call on `pointer` has returned.
final class RdKafkaClient: @unchecked Sendable {
    /// The `rd_kafka_t *`; never leaves the module.
    let pointer: OpaquePointer
    /// Retained for as long as librdkafka may call back with it as opaque.
    private let context: Unmanaged<ClientContext>

    /// True once librdkafka raised a fatal error on this handle.
    var isFatal: Bool { context.takeUnretainedValue().fatal.load(ordering: .acquiring) }

    /// librdkafka's own account of the fatal error, when there is one.
    var fatalFailure: KafkaError? {
        var text = [CChar](repeating: 0, count: 512)
        let code = rd_kafka_fatal_error(pointer, &text, text.count)
        guard code != RD_KAFKA_RESP_ERR_NO_ERROR else { return nil }
        return KafkaError(code: .fatal, message: string(from: text), rdKafkaCode: code.rawValue)
    }

    /// Creates a handle of `kind` with `properties` applied in order; `configure` adds callbacks to the conf.
    init(
        kind: rd_kafka_type_t,
        properties: [(String, String)],
        logger: Logger,
        configure: (OpaquePointer) -> Void = { _ in }
    ) throws(KafkaError) {
        try LibRdKafka.requireSupportedVersion()
        guard let conf = rd_kafka_conf_new() else {
            throw KafkaError(code: .configuration, message: "rd_kafka_conf_new returned NULL")
        }
        for (name, value) in properties {
            var errorText = [CChar](repeating: 0, count: 512)
            let result = rd_kafka_conf_set(conf, name, value, &errorText, errorText.count)
            guard result == RD_KAFKA_CONF_OK else {
                rd_kafka_conf_destroy(conf)
                // librdkafka's own text may quote the value: for a credential, only the name is said.
                throw KafkaError(
                    code: .configuration,
                    message: KafkaSecretProperty.isSecret(name)
                        ? "property \(name)=<redacted>: librdkafka refused it"
                        : "property \(name)=\(value): \(string(from: errorText))"
                )
            }
        }
        let secrets = KafkaSecretProperty.values(in: properties)
        let context = Unmanaged.passRetained(ClientContext(logger: logger, secrets: secrets))
        rd_kafka_conf_set_opaque(conf, context.toOpaque())
        rd_kafka_conf_set_log_cb(conf, rdKafkaLogCallback)
        rd_kafka_conf_set_error_cb(conf, rdKafkaErrorCallback)
        configure(conf)

        var errorText = [CChar](repeating: 0, count: 512)
        // On success rd_kafka_new takes ownership of conf; on failure it stays ours.
        guard let handle = rd_kafka_new(kind, conf, &errorText, errorText.count) else {
            rd_kafka_conf_destroy(conf)
            context.release()
            let reason = KafkaSecretProperty.scrub(string(from: errorText), secrets: secrets)
            throw KafkaError(code: .clientCreation, message: "rd_kafka_new: \(reason)")
        }
        self.pointer = handle
        self.context = context
    }

    /// Destroys the handle (blocking until librdkafka's threads exit), then drops the callback context.
    /// `flags` are `rd_kafka_destroy_flags`' (e.g. `RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE`).
    func destroy(flags: Int32 = 0) {
        rd_kafka_destroy_flags(pointer, flags)
        context.release()
    }
}

/// The NUL-terminated text librdkafka wrote into an error buffer.
func string(from buffer: [CChar]) -> String {
    String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
}

/// The context behind a handle's opaque, for use inside C callbacks.
private func context(of handle: OpaquePointer?) -> ClientContext? {
    guard let handle, let opaque = rd_kafka_opaque(handle) else { return nil }
    return Unmanaged<ClientContext>.fromOpaque(opaque).takeUnretainedValue()
}

/// Routes librdkafka's log lines (syslog levels) to swift-log instead of stderr.
private func rdKafkaLogCallback(
    handle: OpaquePointer?,
    level: Int32,
    facility: UnsafePointer<CChar>?,
    text: UnsafePointer<CChar>?
) {
    guard let context = context(of: handle) else { return }
    let level: Logger.Level =
        switch level {
        case ...2: .critical
        case 3: .error
        case 4: .warning
        case 5: .notice
        case 6: .info
        default: .debug
        }
    let facility = facility.map { String(cString: $0) } ?? "?"
    let text = context.redacted(text.map { String(cString: $0) } ?? "")
    context.logger.log(level: level, "librdkafka: \(text)", metadata: ["kafka.facility": "\(facility)"])
}

/// Logs client-level error events (e.g. all brokers down); librdkafka keeps retrying those, so they are
/// warnings. A fatal one is marked on the context, for the owner to replace the handle.
private func rdKafkaErrorCallback(
    handle: OpaquePointer?,
    code: Int32,
    reason: UnsafePointer<CChar>?,
    opaque: UnsafeMutableRawPointer?
) {
    guard let context = context(of: handle) else { return }
    let reason = context.redacted(reason.map { String(cString: $0) } ?? "")
    let name = String(cString: rd_kafka_err2name(rd_kafka_resp_err_t(code)))
    if rd_kafka_resp_err_t(code) == RD_KAFKA_RESP_ERR__FATAL {
        context.fatal.store(true, ordering: .releasing)
        context.logger.error("librdkafka fatal error: \(reason)", metadata: ["kafka.error": "\(code)"])
        return
    }
    context.logger.warning("librdkafka error \(name): \(reason)", metadata: ["kafka.error": "\(code)"])
}

extension KafkaError {
    /// An error carrying librdkafka's text for `code`.
    init(code: Code, context: String, rdKafkaError: rd_kafka_resp_err_t) {
        self.init(
            code: code,
            message: "\(context): \(String(cString: rd_kafka_err2str(rdKafkaError)))",
            rdKafkaCode: rdKafkaError.rawValue
        )
    }

    /// Converts and destroys an `rd_kafka_error_t`.
    init(code: Code, context: String, consuming error: OpaquePointer) {
        let rawCode = rd_kafka_error_code(error)
        let text = String(cString: rd_kafka_error_string(error))
        rd_kafka_error_destroy(error)
        self.init(code: code, message: "\(context): \(text)", rdKafkaCode: rawCode.rawValue)
    }
}

extension Duration {
    /// Whole milliseconds, clamped to what librdkafka's `int` timeouts accept (never negative).
    var rdKafkaMilliseconds: Int32 {
        let (seconds, attoseconds) = components
        let milliseconds = seconds * 1000 + attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(0, milliseconds))
    }
}
