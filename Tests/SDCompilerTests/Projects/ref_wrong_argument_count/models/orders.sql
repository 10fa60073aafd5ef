select id
from << ref('shop', 'raw_orders', 'v2') >>
