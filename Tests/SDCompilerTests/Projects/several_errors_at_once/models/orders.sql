select id from << ref('raw_ordrs') >>
