<<# dateadd_days(expr, n): the DATE `n` calendar days after the date `expr` (n may be negative).
    Called as `dateadd_days(...)`, dispatched on the target type: DuckDB has no three-argument
    date_add, and Athena (Trino) has no to_days; default__ is plain ANSI SQL. #>>

<< macro duckdb__dateadd_days(expr, n) ->>
cast((<< expr >>) + to_days(cast(<< n >> as integer)) as date)
<<- endmacro >>

<< macro athena__dateadd_days(expr, n) ->>
date_add('day', << n >>, << expr >>)
<<- endmacro >>

<< macro default__dateadd_days(expr, n) ->>
cast((<< expr >>) + (<< n >>) * interval '1' day as date)
<<- endmacro >>
