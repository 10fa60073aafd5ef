select * from << ref('raw') >>
