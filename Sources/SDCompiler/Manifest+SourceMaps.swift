import SDBasics
import SDTemplate

extension Manifest {
    /// The source maps' file, beside manifest.json.
    static let sourceMapsFileName = "swiftdbt_sourcemap.json"

    /// `target/swiftdbt_sourcemap.json` (once manifest.json's `swiftdbt` key, which manifest v12's
    /// schema forbids): per compiled node, where each byte range of its `compiled_code` came from,
    /// for editors that map a compiled position back to the template (the way the run does for
    /// database errors).
    ///
    /// `files` lists the template files a node's map names (project-relative paths, in order of first
    /// use). `segments` packs every segment into one string, as Source Map v3 packs its `mappings`
    /// (https://tc39.es/ecma426/), because one JSON number per line made the pretty-printed manifest
    /// of 10,000 models 29 % larger: segments are separated by `;`, and each is the decimal integers
    /// `compiled_start,compiled_end,kind,file,template_start,template_end`, followed by
    /// `,macro_kind,macro_file,macro_start,macro_end` when a macro wrote the text. Offsets are UTF-8
    /// bytes, ends exclusive. Kind 0 is text copied byte for byte (compiled `compiled_start + k` is
    /// template `template_start + k`); kind 1 is the output of the expression or macro call at that
    /// range. Bytes no segment covers were written by swiftdbt (the `with` of injected ephemeral CTEs).
    /// `compiled_bytes` is the compiled code's length, which its compiled file (written with a final
    /// newline added when it had none) does not tell (ProjectPipeline+LastCompile.swift reads it).
    ///
    /// The maps are made one batch at a time while the file is written (`ManifestWriter.stream`):
    /// made whole first, they were the largest tree held at once (90 MB at 100k models).
    static func sourceMaps(_ compiled: CompiledProject) -> ManifestDocument {
        let nodes = compiled.nodes
        let ids = nodes.compactMap { id, n in n.sourceMap.segments.isEmpty ? nil : id }
        let maps: ManifestDocument.Member =
            ids.count >= ManifestWriter.parallelThreshold
            ? .entries(ids) { id in nodes[id].map { sourceMapJSON($0.sourceMap, codeBytes: $0.compiledCode.utf8.count) } ?? .null }
            : .value(
                .object(
                    Dictionary(
                        uniqueKeysWithValues: ids.compactMap { id in nodes[id].map { (id, sourceMapJSON($0.sourceMap, codeBytes: $0.compiledCode.utf8.count)) }
                        })))
        return ManifestDocument(members: ["source_map_version": .value(1), "source_maps": maps])
    }

    /// `codeBytes`: the length of the compiled code the map is of, in UTF-8 bytes.
    static func sourceMapJSON(_ map: SourceMap, codeBytes: Int) -> JSONValue {
        var files: [String] = []
        var index: [ObjectIdentifier: Int] = [:]
        func fileIndex(_ f: SourceFile) -> Int {
            if let i = index[ObjectIdentifier(f)] { return i }
            files.append(f.path)
            index[ObjectIdentifier(f)] = files.count - 1
            return files.count - 1
        }
        var text: [UInt8] = []
        text.reserveCapacity(map.segments.count * 32)
        func put(_ n: Int, _ separator: UInt8) {
            text.append(separator)
            text.append(contentsOf: String(n).utf8)
        }
        for s in map.segments {
            put(s.output.lowerBound, UInt8(ascii: ";"))
            put(s.output.upperBound, UInt8(ascii: ","))
            put(s.isLiteral ? 0 : 1, UInt8(ascii: ","))
            put(fileIndex(s.source.file), UInt8(ascii: ","))
            put(s.source.bytes.lowerBound, UInt8(ascii: ","))
            put(s.source.bytes.upperBound, UInt8(ascii: ","))
            if let m = s.macro {
                put(s.macroIsLiteral ? 0 : 1, UInt8(ascii: ","))
                put(fileIndex(m.file), UInt8(ascii: ","))
                put(m.bytes.lowerBound, UInt8(ascii: ","))
                put(m.bytes.upperBound, UInt8(ascii: ","))
            }
        }
        // Every segment was written after a `;`; the first one needs none.
        let packed = String(decoding: text.dropFirst(), as: UTF8.self)
        return .object(["files": .array(files.map { .string($0) }), "segments": .string(packed), "compiled_bytes": .int(codeBytes)])
    }
}
