<<# round_decimal(expr, scale=6): a gold measure as DECIMAL(18, scale), rounded half away from
    zero at `scale` decimals. Rounding happens once, at the end, on the DOUBLE result; the fixed
    decimal type makes every engine print the same digits (docs/rtsa.md, "Numbers"). #>>
<< macro round_decimal(expr, scale=6) ->>
cast(round(<< expr >>, << scale >>) as decimal(18, << scale >>))
<<- endmacro >>
