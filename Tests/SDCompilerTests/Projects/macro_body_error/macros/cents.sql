<< macro cents_to_euros(column) >>
    round(<< column >> / << var('cents_per_euor') >>, 2)
<< endmacro >>
