import SDAthena
import SDBasics
import SDDuckDB
import SDTestSupport
import Testing

@testable import SDProject

/// profiles.yml lookup and target parsing, as dbt's profiles.yml
/// (https://docs.getdbt.com/docs/core/connect-data-platform/profiles.yml).
@Suite("profiles")
struct ProfilesTests {
    static let duck = "shop:\n  target: local\n  outputs:\n    local:\n      type: duckdb\n      path: 'target/%@.duckdb'\n"

    static let adapters = TargetAdapterRegistry([DuckDBAdapter(), AthenaAdapter()])

    static func profile(_ tag: String) -> String { duck.replacingOccurrences(of: "%@", with: tag) }

    static func load(
        _ files: [String: String], profilesDir: String? = nil, env: [String: String] = [:],
        target: String? = nil
    ) -> (Target?, [Diagnostic]) {
        let fs = MemoryFileSystem(files)
        let search = Profiles.searchPath(profilesDir: profilesDir, projectDir: "project", environment: env)
        var bag = DiagnosticBag()
        let t = Profiles.loadTarget(
            profileName: "shop", targetName: target, searchPath: search, fileSystem: fs,
            render: envRenderer(env), projectFile: nil, adapters: Self.adapters, diagnostics: &bag)
        return (t, bag.diagnostics)
    }

    @Test func searchPathOrder() {
        let dirs = Profiles.searchPath(
            profilesDir: "flag", projectDir: "project",
            environment: ["SWIFTDBT_PROFILES_DIR": "envdir", "HOME": "/home/a", "DBT_PROFILES_DIR": "dbtdir"])
        #expect(dirs == ["flag", "envdir", "project", "/home/a/.swiftdbt", "dbtdir", "/home/a/.dbt"])
        #expect(Profiles.searchPath(profilesDir: nil, projectDir: ".", environment: [:]) == ["."])
    }

    /// Each folder wins over every later one: --profiles-dir, $SWIFTDBT_PROFILES_DIR, project, ~/.swiftdbt,
    /// then dbt's $DBT_PROFILES_DIR and ~/.dbt.
    @Test(arguments: [
        (["flag", "envdir", "project", "home", "dbtdir", "dbthome"], "flag"),
        (["envdir", "project", "home", "dbtdir", "dbthome"], "envdir"),
        (["project", "home", "dbtdir", "dbthome"], "project"),
        (["home", "dbtdir", "dbthome"], "home"),
        (["dbtdir", "dbthome"], "dbtdir"),
        (["dbthome"], "dbthome"),
    ])
    func firstFolderWithAProfileWins(present: [String], winner: String) throws {
        var files: [String: String] = [:]
        let paths = [
            "flag": "flag", "envdir": "envdir", "project": "project", "home": "/home/a/.swiftdbt", "dbtdir": "dbtdir",
            "dbthome": "/home/a/.dbt",
        ]
        for p in present { files["\(paths[p] ?? p)/profiles.yml"] = Self.profile(p) }
        let (t, diags) = Self.load(
            files, profilesDir: "flag",
            env: ["SWIFTDBT_PROFILES_DIR": "envdir", "HOME": "/home/a", "DBT_PROFILES_DIR": "dbtdir"])
        #expect(diags.isEmpty)
        #expect(try #require(t).settings["path"] == .string("target/\(winner).duckdb"))
        #expect(t?.database == winner, "DuckDB's catalog is the file's stem")
    }

    @Test func missingEverywhereListsTheFoldersSearched() {
        let (t, diags) = Self.load([:], env: ["HOME": "/home/a"])
        #expect(t == nil)
        #expect(
            diags.first?.message
                == "no profiles.yml found; looked in: project/profiles.yml, /home/a/.swiftdbt/profiles.yml, /home/a/.dbt/profiles.yml")
    }

    /// `--profiles-dir /nonexistent` used to fall back to ./profiles.yml silently (issue 15).
    @Test func profilesDirThatDoesNotExistIsAnError() {
        let fs = MemoryFileSystem(["project/profiles.yml": Self.profile("project"), "some/file": "x"])
        #expect(Profiles.profilesDirFinding("/nonexistent", fileSystem: fs)?.message == "--profiles-dir '/nonexistent' does not exist")
        #expect(Profiles.profilesDirFinding("some/file", fileSystem: fs)?.message == "--profiles-dir 'some/file' is a file, not a folder")
        #expect(Profiles.profilesDirFinding("project", fileSystem: fs) == nil)
        #expect(Profiles.profilesDirFinding(nil, fileSystem: fs) == nil)
    }

    @Test func fileNamesTheProfilesYmlThatWins() {
        let fs = MemoryFileSystem(["/home/a/.dbt/profiles.yml": Self.profile("dbt")])
        let search = Profiles.searchPath(profilesDir: nil, projectDir: "project", environment: ["HOME": "/home/a"])
        #expect(Profiles.file(in: search, fileSystem: fs) == "/home/a/.dbt/profiles.yml")
    }

    @Test func envVarInProfilesIsRenderedAndTyped() throws {
        let yaml = """
            shop:
              target: dev
              outputs:
                dev:
                  type: athena
                  region_name: "<< env_var('AWS_REGION', 'eu-west-1') >>"
                  s3_staging_dir: "s3://<< env_var('BUCKET') >>/results/"
                  schema: shop
                  threads: "<< env_var('THREADS', '4') >>"
            """
        let (t, diags) = Self.load(["project/profiles.yml": yaml], env: ["BUCKET": "acme-results", "THREADS": "8"])
        #expect(diags.isEmpty)
        let target = try #require(t)
        #expect(target.type == "athena")
        #expect(target.string("region_name") == "eu-west-1")
        #expect(target.string("s3_staging_dir") == "s3://acme-results/results/")
        #expect(target.threads == 8, "a rendered number is typed as YAML would type it")
        #expect(target.schema == "shop")
        #expect(target.database == "awsdatacatalog")
    }

    @Test func targetFlagOverridesTheDefault() throws {
        let yaml = Self.profile("a") + "    other:\n      type: duckdb\n      path: ':memory:'\n"
        let (t, _) = Self.load(["project/profiles.yml": yaml], target: "other")
        #expect(try #require(t).name == "other")
        #expect(t?.database == "memory")
    }

    @Test func unknownTargetSuggestsTheClosest() {
        let (t, diags) = Self.load(["project/profiles.yml": Self.profile("a")], target: "locl")
        #expect(t == nil)
        #expect(diags.first?.notes.first?.message == "did you mean 'local'?")
    }

    /// Literal credentials are found line by line, quoted or not, with comments cut and templates left
    /// for the renderer; other keys are not credentials.
    @Test func literalCredentialsFoundLineByLine() {
        let text = """
            p:
              outputs:
                dev:
                  password: plain-secret-1 # a comment
                  "aws_session_token": 'quoted secret 2'
                  token: "<< env_var('DBT_ENV_SECRET_T') >>"
                  settings:
                    s3_secret_access_key: nested-secret-3
                  - private_key: list-secret-4
                  schema: not_a_secret
                  aws_access_key_id: AKIDNOTSECRET
            """
        #expect(Profiles.literalCredentials(in: text) == ["plain-secret-1", "quoted secret 2", "nested-secret-3", "list-secret-4"])
    }

    /// `<< >>` is rendered at every depth of a target (DuckDB `settings:`, lists), and the credentials
    /// it yields are listed for the scrubber with the path of their key.
    @Test func nestedSettingsAreRenderedAndCredentialsListed() throws {
        let file = SourceFile(
            path: "profiles.yml",
            text: """
                type: duckdb
                settings:
                  home_directory: "<< h >>"
                  s3_secret_access_key: "<< s >>"
                extensions: ["<< e >>"]

                """)
        let (node, diags) = YAMLNode.parse(file)
        #expect(diags.isEmpty)
        let render: YAMLStringRenderer = { text, _, _ in "rendered(\(text))" }
        var bag = DiagnosticBag()
        let root = try #require(node)
        let target = try #require(Profiles.parseTarget(name: "local", node: root, render: render, adapters: Self.adapters, diagnostics: &bag))
        #expect(target.settings["settings"]?["home_directory"] == .string("rendered(<< h >>)"))
        #expect(target.settings["extensions"] == .array([.string("rendered(<< e >>)")]))
        #expect(target.secretValues.map(\.key) == ["settings.s3_secret_access_key"])
        #expect(target.secretValues.map(\.value) == ["rendered(<< s >>)"])
    }
}
