select * from << ref('orders', v=3) >>
