import Foundation
import SDFuzz
import SDFuzzDriver

// The fuzzer: `swiftdbt-fuzz <target> [libFuzzer flags] [corpus dirs]` runs libFuzzer on one
// entry point of SDFuzz; `swiftdbt-fuzz seeds <target> <root> <dir>` writes the target's seed
// inputs into <dir>. Built only with SWIFTDBT_FUZZ=1 and -sanitize=fuzzer (scripts/fuzz.sh).
//
// SwiftPM links an executable's main under another name on Linux, so libFuzzer's own main()
// cannot be used; this main hands its arguments to LLVMFuzzerRunDriver instead.

let usage =
    "usage: swiftdbt-fuzz <\(FuzzTarget.allCases.map(\.rawValue).joined(separator: "|"))> [libFuzzer flags] [corpus dirs]\n"
    + "       swiftdbt-fuzz seeds <target> <repository root> <output dir>\n"

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data((message + "\n" + usage).utf8))
    exit(2)
}

var arguments = CommandLine.arguments
if arguments.count == 5, arguments[1] == "seeds" {
    guard let target = FuzzTarget(rawValue: arguments[2]) else { fail("unknown target '\(arguments[2])'") }
    let out = URL(fileURLWithPath: arguments[4])
    try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
    let inputs = FuzzCorpus.seeds(target, root: arguments[3]) + FuzzCorpus.regressions(target, root: arguments[3])
    for input in inputs {
        // Flat, unique names: libFuzzer reads every file of a corpus folder.
        let name = input.name.replacingOccurrences(of: "/", with: "__")
        try Data(input.bytes).write(to: out.appendingPathComponent(name))
    }
    print("\(inputs.count) seed inputs for \(target.rawValue) in \(out.path)")
    exit(0)
}

/// The target the C callback runs: a C function pointer cannot capture it, so it lives here.
enum Selected {
    nonisolated(unsafe) static var target = FuzzTarget.template
}

/// One input for the selected target. Exported under libFuzzer's name as well: -sanitize=fuzzer
/// links libFuzzer's whole archive, whose unused main() still refers to it.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = data.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    Selected.target.run(bytes)
    return 0
}

guard arguments.count >= 2, let target = FuzzTarget(rawValue: arguments[1]) else { fail("name a target") }
Selected.target = target
arguments.remove(at: 1)

var cArguments: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
var argc = CInt(arguments.count)
let status = cArguments.withUnsafeMutableBufferPointer { buffer -> CInt in
    var argv = buffer.baseAddress
    return LLVMFuzzerRunDriver(&argc, &argv, fuzzOneInput)
}
exit(status)
