select * from << ref('countries') >>
