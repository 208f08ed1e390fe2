import Foundation

/// Secrets from files (SPEC §6): each variable that can hold a credential may instead be given as
/// `NAME_FILE`, the path of a file holding its value, as Docker and Kubernetes mount secrets. The
/// value then appears in no environment listing, `ps` output or compose file.
public enum SecretFiles {
    /// The variables that may carry a password: database URLs and Kafka property lists (SASL).
    public static let variables = [
        "FINANCING_EVENTSTORE_URL", "FINANCING_READMODEL_URL", "FINANCING_KAFKA_CLIENT_PROPERTIES",
        "FINANCING_KAFKA_PRODUCER_PROPERTIES", "FINANCING_KAFKA_CONSUMER_PROPERTIES",
    ]

    /// `environment` with every `NAME_FILE` replaced by `NAME` set to the file's content (trailing
    /// newlines dropped, as editors and `echo` leave them).
    public static func resolve(_ environment: [String: String]) throws(SecretFileError) -> [String: String] {
        var resolved = environment
        for name in variables {
            guard let path = environment[name + "_FILE"], !path.isEmpty else { continue }
            if let direct = environment[name], !direct.isEmpty { throw .both(variable: name) }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw .unreadable(variable: name + "_FILE", path: path)
            }
            var value = String(decoding: data, as: UTF8.self)
            while value.last?.isNewline == true { value.removeLast() }
            resolved[name] = value
            resolved[name + "_FILE"] = nil
        }
        return resolved
    }
}

/// A secret file that cannot be used; the message names the variable and never the content.
public enum SecretFileError: Error, CustomStringConvertible, Equatable {
    case both(variable: String)
    case unreadable(variable: String, path: String)

    public var description: String {
        switch self {
        case .both(let variable): "set \(variable) or \(variable)_FILE, not both"
        case .unreadable(let variable, let path): "\(variable): cannot read \(path)"
        }
    }
}
