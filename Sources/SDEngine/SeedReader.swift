import SDBasics

/// Reads a seed CSV into a typed `SeedTable`, inferring each column's type over all its values.
///
/// Follows dbt's seed conventions (dbt-core `agate_helper.build_type_tester`): a header row is
/// required; an empty field and the text `null` (any case) are NULL, whether quoted or not, since
/// dbt's CSV reader cannot tell `""` from an empty field; NULLs do not affect inference. Types are
/// tried from the narrowest: boolean (`true`/`false`, any case), integer (64-bit), double, date
/// (`YYYY-MM-DD`), timestamp (date, space or `T`, `hh:mm:ss`, optional fraction), else text.
///
/// Deliberate differences from dbt: a number with a leading zero (`007`, a zip code) keeps the
/// column text instead of losing the zero; a column with only NULLs is text rather than a number;
/// values are not trimmed (` 1` is text, as RFC 4180 says spaces are part of a field).
public enum SeedReader {
    /// Reads `text` (a file's content, a UTF-8 byte order mark is dropped) shown as `path` in
    /// diagnostics. `columnTypes` is the seed's `column_types` (column → SQL type). Returns nil
    /// when any error was found; all errors of the file are in `diagnostics`.
    public static func read(
        path: String, text: String, columnTypes: [String: String] = [:], diagnostics: inout DiagnosticBag
    ) -> SeedTable? {
        let body = text.hasPrefix("\u{FEFF}") ? String(text.unicodeScalars.dropFirst()) : text
        return read(SourceFile(path: path, text: body), columnTypes: columnTypes, diagnostics: &diagnostics)
    }

    /// Reads a seed already loaded as a `SourceFile`; a leading byte order mark is skipped. A file
    /// that was not UTF-8 is refused before parsing (`Diagnostic.notUTF8`): its values would load
    /// with replacement characters.
    public static func read(
        _ file: SourceFile, columnTypes: [String: String] = [:], diagnostics: inout DiagnosticBag
    ) -> SeedTable? {
        if let notUTF8 = Diagnostic.notUTF8(file) {
            diagnostics.append(notUTF8)
            return nil
        }
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        let start = file.utf8.starts(with: bom) ? 3 : 0
        let reader = CSVReader(file: file, startOffset: start)
        var local = DiagnosticBag()
        let records = reader.records(&local)
        guard let header = records.first else {
            // Point at the first line (after a byte order mark), where the header belongs.
            local.append(
                .error(
                    "seed file is empty; a header row with the column names is required",
                    at: SourceRange(file: file, bytes: start..<start),
                    hint: "write the column names on the first line, as in 'id,name', then one row per line"))
            diagnostics.append(contentsOf: local.diagnostics)
            return nil
        }

        var names: [String] = []
        var firstSeen: [String: CSVReader.Field] = [:]
        for field in header.fields {
            let name = reader.text(of: field)
            if name.isEmpty {
                local.append(.error("empty column name in the header", at: SourceRange(file: file, bytes: field.start..<field.end)))
            } else if let first = firstSeen[name] {
                local.append(
                    .error(
                        "duplicate column name '\(name)'", at: SourceRange(file: file, bytes: field.start..<field.end),
                        notes: [.note("'\(name)' is first named here", at: SourceRange(file: file, bytes: first.start..<first.end))]))
            } else {
                firstSeen[name] = field
            }
            names.append(name)
        }

        let width = header.fields.count
        var body: [CSVReader.Record] = []
        body.reserveCapacity(records.count - 1)
        for record in records.dropFirst() {
            if record.fields.count == width || record.isTruncated {
                body.append(record)
                continue
            }
            let found = record.fields.count
            let range: SourceRange
            if found > width {
                let extra = record.fields[width]
                let lineEnd = min(record.end, file.lineStarts.first { $0 > extra.start }.map { $0 - 1 } ?? record.end)
                range = SourceRange(file: file, bytes: (extra.quoted ? extra.start - 1 : extra.start)..<max(extra.start, lineEnd))
            } else {
                range = SourceRange(file: file, bytes: record.end..<record.end)
            }
            let hint =
                found > width
                ? "a value that holds a comma must be enclosed in double quotes, as in \"Paris, France\""
                : "every row needs one value per column; leave a field empty (nothing between two commas) for NULL"
            local.append(.error("expected \(width) field\(width == 1 ? "" : "s") as in the header, found \(found)", at: range, hint: hint))
        }

        for (name, type) in columnTypes.sorted(by: { $0.key < $1.key }) where firstSeen[name] == nil {
            local.append(
                Diagnostic.warning(
                    "column_types names '\(name)' (\(type)), which is not a column of this seed", path: file.path
                ).suggesting(name, from: names))
        }

        diagnostics.append(contentsOf: local.diagnostics)
        if local.hasErrors { return nil }

        var columns: [SeedColumn] = []
        columns.reserveCapacity(width)
        for (c, name) in names.enumerated() {
            if let override = columnTypes[name] {
                columns.append(SeedColumn(name: name, type: .sql(override), isOverridden: true))
            } else {
                columns.append(SeedColumn(name: name, type: inferType(column: c, body, file)))
            }
        }

        var rows: [[SeedValue]] = []
        rows.reserveCapacity(body.count)
        for record in body {
            var row: [SeedValue] = []
            row.reserveCapacity(width)
            for (c, field) in record.fields.enumerated() {
                row.append(value(of: field, as: columns[c].type, reader, file))
            }
            rows.append(row)
        }
        return SeedTable(columns: columns, rows: rows)
    }

    // MARK: Inference

    private static func inferType(column: Int, _ records: [CSVReader.Record], _ file: SourceFile) -> SeedLogicalType {
        var possible = SeedValueShape.all
        var sawValue = false
        file.utf8.withUnsafeBufferPointer { b in
            for record in records {
                let f = record.fields[column]
                let bytes = UnsafeBufferPointer(rebasing: b[f.start..<f.end])
                if SeedValueShape.isNull(bytes) { continue }
                sawValue = true
                possible.formIntersection(f.hasEscapedQuotes ? [] : SeedValueShape.of(bytes))
                if possible.isEmpty { return }
            }
        }
        guard sawValue else { return .text }
        if possible.contains(.boolean) { return .boolean }
        if possible.contains(.integer) { return .integer }
        if possible.contains(.double) { return .double }
        if possible.contains(.date) { return .date }
        if possible.contains(.timestamp) { return .timestamp }
        return .text
    }

    private static func value(of field: CSVReader.Field, as type: SeedLogicalType, _ reader: CSVReader, _ file: SourceFile) -> SeedValue {
        let isNull = file.utf8.withUnsafeBufferPointer { b in
            SeedValueShape.isNull(UnsafeBufferPointer(rebasing: b[field.start..<field.end]))
        }
        if isNull { return .null }
        let text = reader.text(of: field)
        switch type {
        case .boolean: return .boolean(text.first == "t" || text.first == "T")
        case .integer: return Int64(text.hasPrefix("+") ? String(text.dropFirst()) : text).map { .integer($0) } ?? .text(text)
        case .double: return Double(text).map { .double($0) } ?? .text(text)
        case .date: return .date(text)
        case .timestamp:
            // Inference checked the shape: byte 10 is the date/time separator when a time follows.
            var bytes = Array(text.utf8)
            if bytes.count > 10, bytes[10] == UInt8(ascii: "T") { bytes[10] = UInt8(ascii: " ") }
            return .timestamp(String(decoding: bytes, as: UTF8.self))
        case .text, .sql: return .text(text)
        }
    }
}
