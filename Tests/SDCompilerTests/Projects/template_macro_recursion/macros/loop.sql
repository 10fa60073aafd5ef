<< macro again(n) >><< again(n + 1) >><< endmacro >>
