select id, amount
from << ref('raw_orders')
where amount > 0
