select id from << source('shop_raw', 'orders') >>
