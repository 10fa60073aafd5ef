select id
from << source('shop_rw', 'orders') >>
