select id
from << source('shop_raw', 'order') >>
