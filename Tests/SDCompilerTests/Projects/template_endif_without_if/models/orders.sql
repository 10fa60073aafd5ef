select id
from << ref('raw_orders') >>
<< endif >>
