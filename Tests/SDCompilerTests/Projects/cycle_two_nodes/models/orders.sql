select id from << ref('payments') >>
