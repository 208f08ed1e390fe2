/// A server configured to list a service its descriptors do not describe: a build defect.
public enum ReflectionServiceError: Error, Equatable, CustomStringConvertible {
    case undescribed(String)

    public var description: String {
        switch self {
        case .undescribed(let service): "reflection cannot describe \(service): regenerate with scripts/generate-api"
        }
    }
}
