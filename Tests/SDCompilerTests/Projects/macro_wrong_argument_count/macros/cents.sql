<< macro cents_to_euros(column, scale) >>round(<< column >> / 100.0, << scale >>)<< endmacro >>
