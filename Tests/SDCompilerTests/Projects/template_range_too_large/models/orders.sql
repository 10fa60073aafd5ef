<< for i in range(10**8) >>select << i >><< endfor >>
