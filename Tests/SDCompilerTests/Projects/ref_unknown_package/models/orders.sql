select id from << ref('jaffle', 'raw_orders') >>
