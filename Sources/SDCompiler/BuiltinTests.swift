import SDBasics
import SDTemplate

/// dbt's four generic data tests, written in swiftdbt's template language. A project may
/// override any of them with its own `<< test name(...) >>` block (as dbt lets a project override
/// its global macros). Each returns the failing rows.
enum BuiltinTests {
    static let path = "<swiftdbt>/builtin_tests.sql"

    static let source = """
        << test not_null(model, column_name) ->>
        select << column_name >>
        from << model >>
        where << column_name >> is null
        <<- endtest >>

        << test unique(model, column_name) ->>
        select
            unique_field,
            count(*) as n_records
        from (
            select << column_name >> as unique_field
            from << model >>
            where << column_name >> is not null
        ) as dbt_test__target
        group by unique_field
        having count(*) > 1
        <<- endtest >>

        << test accepted_values(model, column_name, values, quote=true) ->>
        with all_values as (
            select
                << column_name >> as value_field,
                count(*) as n_records
            from << model >>
            group by << column_name >>
        )
        select *
        from all_values
        where value_field not in (
            << for v in values >><< if quote >>'<< v | string | replace("'", "''") >>'<< else >><< v >><< endif >><< if not loop.last >>, << endif >><< endfor >>
        )
        <<- endtest >>

        << test relationships(model, column_name, to, field) ->>
        with child as (
            select << column_name >> as from_field
            from << model >>
            where << column_name >> is not null
        ),
        parent as (
            select << field >> as to_field
            from << to >>
        )
        select from_field
        from child
        left join parent
            on child.from_field = parent.to_field
        where parent.to_field is null
        <<- endtest >>

        """

    static let file = SourceFile(path: path, text: source)

    /// Adds dbt's generic tests to `library`, except those the project defines under the same name.
    static func add(to library: inout MacroLibrary) {
        let (builtins, _) = Template.parse(file)
        var ignored: [Diagnostic] = []
        for t in builtins.tests where library.test(named: t.name) == nil { library.add(t, diagnostics: &ignored) }
    }
}
