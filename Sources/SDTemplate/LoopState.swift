/// The `loop` variable of a `for` block; updated in place on each iteration.
final class LoopState: TemplateObject {
    var index0 = 0
    let length: Int

    init(length: Int) { self.length = length }

    var typeName: String { "loop" }
    var renderedText: String { "<loop \(index0 + 1) of \(length)>" }
    var attributeNames: [String] {
        ["index", "index0", "revindex", "revindex0", "first", "last", "length"]
    }

    func attribute(_ name: String) -> Value? {
        switch name {
        case "index": .int(index0 + 1)
        case "index0": .int(index0)
        case "revindex": .int(length - index0)
        case "revindex0": .int(length - index0 - 1)
        case "first": .bool(index0 == 0)
        case "last": .bool(index0 == length - 1)
        case "length": .int(length)
        default: nil
        }
    }
}
