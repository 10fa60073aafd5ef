select * from << source('lake', 'ticks') >>
