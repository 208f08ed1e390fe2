import SwiftProtobuf

/// The fully-qualified names a file defines, as reflection clients ask for them: services and
/// their methods, messages (nested ones too) and their fields, and enums.
enum SymbolNames {
    static func qualified(_ name: String, in scope: String) -> String {
        scope.isEmpty ? name : "\(scope).\(name)"
    }

    static func defined(by file: Google_Protobuf_FileDescriptorProto) -> [String] {
        var names: [String] = []
        for service in file.service {
            let serviceName = qualified(service.name, in: file.package)
            names.append(serviceName)
            names += service.method.map { qualified($0.name, in: serviceName) }
        }
        for message in file.messageType { names += defined(by: message, in: file.package) }
        names += file.enumType.map { qualified($0.name, in: file.package) }
        return names
    }

    private static func defined(by message: Google_Protobuf_DescriptorProto, in scope: String) -> [String] {
        let messageName = qualified(message.name, in: scope)
        var names = [messageName]
        names += message.field.map { qualified($0.name, in: messageName) }
        names += message.enumType.map { qualified($0.name, in: messageName) }
        for nested in message.nestedType { names += defined(by: nested, in: messageName) }
        return names
    }
}
