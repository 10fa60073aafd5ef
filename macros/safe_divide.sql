<<# safe_divide(numerator, denominator): DOUBLE division that yields NULL when the denominator is 0
    or NULL, rather than inf (or, for exact types on Trino, a failed query). #>>
<< macro safe_divide(numerator, denominator) ->>
(cast(<< numerator >> as double) / nullif(cast(<< denominator >> as double), 0))
<<- endmacro >>
