import SDBasics
import SDCompiler
import SDProject
import Testing

/// `<< >>` inside YAML strings: env_var, var and target, with findings in the YAML file itself.
@Suite("YAML templating")
struct YAMLTemplatingTests {
    static func render(
        _ yaml: String, env: [String: String] = [:], vars: [String: JSONValue] = [:],
        profile: Bool = false
    ) -> (String, [Diagnostic]) {
        let file = SourceFile(path: "profiles.yml", text: yaml)
        let start = yaml.utf8.firstIndex(of: UInt8(ascii: "\"")).map { yaml.utf8.distance(from: yaml.utf8.startIndex, to: $0) } ?? 0
        let range = SourceRange(file: file, bytes: start..<yaml.utf8.count)
        let value = String(yaml[yaml.index(after: yaml.firstIndex(of: "\"") ?? yaml.startIndex)...].dropLast(2))
        var bag = DiagnosticBag()
        let out = YAMLTemplating.renderer(
            environment: env, vars: vars, target: nil, profileName: "shop",
            allowSecretEnvVars: profile)(value, range, &bag)
        return (out, bag.diagnostics)
    }

    @Test func envVarAndDefault() {
        #expect(Self.render("a: \"s3://<< env_var('B') >>/x\"\n", env: ["B": "bucket"]).0 == "s3://bucket/x")
        #expect(Self.render("a: \"<< env_var('B', 'dflt') >>\"\n").0 == "dflt")
        #expect(Self.render("a: \"<< var('lake') >>\"\n", vars: ["lake": "s3://lake"]).0 == "s3://lake")
    }

    /// The excerpt must quote the file as written (it used to show a blanked copy of the line).
    @Test func unsetEnvVarPointsIntoTheRealFile() throws {
        let yaml = "a: \"s3://<< env_var('BUCKET') >>/x\"\n"
        let (_, diags) = Self.render(yaml)
        let d = try #require(diags.first)
        #expect(d.range?.file.text == yaml)
        #expect(d.range?.start == SDBasics.SourceLocation(line: 1, column: 21))
        #expect(DiagnosticRenderer().render(d).contains("  1 | a: \"s3://<< env_var('BUCKET') >>/x\"\n"))
        #expect(d.hint?.contains("env_var('BUCKET', '…')") == true)
    }

    /// profiles.yml may read secret variables; every other YAML string (property files) may not,
    /// and the finding points at the name inside the YAML file.
    @Test func secretEnvVarsOnlyInProfiles() throws {
        let yaml = "password: \"<< env_var('DBT_ENV_SECRET_PW') >>\"\n"
        let env = ["DBT_ENV_SECRET_PW": "s3cr3t-value"]
        let (value, none) = Self.render(yaml, env: env, profile: true)
        #expect(value == "s3cr3t-value")
        #expect(none.isEmpty)
        let (kept, diags) = Self.render(yaml, env: env)
        #expect(kept != "s3cr3t-value")
        let d = try #require(diags.first)
        #expect(d.severity == .error)
        #expect(d.message == "secret environment variable 'DBT_ENV_SECRET_PW' may only be read in profiles.yml")
        #expect(d.range?.start == SDBasics.SourceLocation(line: 1, column: 23))
        #expect(d.hint?.contains("profiles.yml") == true)
    }
}
