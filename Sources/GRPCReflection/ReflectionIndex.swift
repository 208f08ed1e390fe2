import Foundation
import SwiftProtobuf

/// What server reflection answers from: the files of a `FileDescriptorSet`, found by name or by
/// a symbol they define, each with the files it imports so a client can resolve every type.
public struct ReflectionIndex: Sendable {
    private let files: [String: Google_Protobuf_FileDescriptorProto]
    private let serialized: [String: Data]
    private let fileBySymbol: [String: String]

    public init(fileDescriptorSet: Google_Protobuf_FileDescriptorSet) throws(ReflectionIndexError) {
        var files: [String: Google_Protobuf_FileDescriptorProto] = [:]
        var serialized: [String: Data] = [:]
        var fileBySymbol: [String: String] = [:]
        for file in fileDescriptorSet.file {
            guard files[file.name] == nil else { throw .duplicateFile(file.name) }
            files[file.name] = file
            do { serialized[file.name] = try file.serializedBytes() } catch { throw .unserializable(file.name) }
            for symbol in SymbolNames.defined(by: file) { fileBySymbol[symbol] = file.name }
        }
        for file in fileDescriptorSet.file {
            for dependency in file.dependency where files[dependency] == nil {
                throw .missingDependency(file: file.name, dependency: dependency)
            }
        }
        self.files = files
        self.serialized = serialized
        self.fileBySymbol = fileBySymbol
    }

    /// Reads a set written as base64 (whitespace ignored), as scripts/generate-api commits it.
    public init(base64FileDescriptorSet: String) throws(ReflectionIndexError) {
        guard let bytes = Data(base64Encoded: base64FileDescriptorSet, options: .ignoreUnknownCharacters) else {
            throw .notBase64
        }
        let set: Google_Protobuf_FileDescriptorSet
        do { set = try Google_Protobuf_FileDescriptorSet(serializedBytes: bytes) } catch { throw .undecodable }
        try self.init(fileDescriptorSet: set)
    }

    /// The serialized file named `name`, then every file it imports (directly or not), each once.
    public func fileWithDependencies(named name: String) -> [Data]? {
        guard files[name] != nil else { return nil }
        var order: [String] = []
        var seen: Set<String> = []
        var pending = [name]
        while let next = pending.popLast() {
            guard seen.insert(next).inserted, let file = files[next] else { continue }
            order.append(next)
            pending.append(contentsOf: file.dependency.reversed())
        }
        return order.compactMap { serialized[$0] }
    }

    /// The file that defines the fully-qualified `symbol` (no leading dot), with its imports.
    public func fileWithDependencies(containingSymbol symbol: String) -> [Data]? {
        let name = symbol.hasPrefix(".") ? String(symbol.dropFirst()) : symbol
        return fileBySymbol[name].flatMap(fileWithDependencies(named:))
    }

    /// Every fully-qualified service name the set defines, sorted.
    public var serviceNames: [String] {
        files.values.flatMap { file in file.service.map { SymbolNames.qualified($0.name, in: file.package) } }.sorted()
    }
}
