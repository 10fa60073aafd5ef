<< macro format_money(column) >>round(<< column >>, 2)<< endmacro >>

<< macro cents_to_euros(column) >>(<< column >> / 100)<< endmacro >>
