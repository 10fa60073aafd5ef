select id
from << ref('legacy_orders') >>
