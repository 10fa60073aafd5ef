<< macro cents_to_euros(column) >>
    << round_money(column ~ ' / 100.0') >>
<< endmacro >>

<< macro round_money(expr) >>
    round(<< expr >>, << precision >>)
<< endmacro >>
